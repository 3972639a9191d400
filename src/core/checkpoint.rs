//! A paginator's resumable state: what `paginator.checkpoint()` returns and the `resume`
//! option gives back. It holds the next offset AND what the paging guards need (the pages
//! already delivered, the announced total, whether paging went one page at a time), so that
//! a resumed paginator applies the same guards as one that was never interrupted: a server
//! that sends page 0 again after a resume is caught, and a total that changed in between
//! is noticed.

use super::error::{Error, Result};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// The format's version (`fourwsCheckpoint`); a checkpoint of another version is refused.
pub const VERSION: u32 = 1;

/// The resumable state of one paginator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Checkpoint {
    /// The format's version ([`VERSION`]).
    pub fourws_checkpoint: u32,
    /// The 4WS command it was taken from.
    pub cmd: String,
    /// Whether it was an incremental export (the server keeps the position).
    pub incremental: bool,
    /// The offset of the next element to deliver.
    pub position: u64,
    /// Elements delivered so far (from the first paginator of the chain).
    pub delivered: u64,
    /// The extraction's total as the server announced it, where the endpoint has one.
    pub total: Option<u64>,
    /// Whether paging had gone one page at a time (a short page came before the end).
    pub sequential: bool,
    /// Whether the last page was delivered.
    pub done: bool,
    /// Fingerprints of the pages delivered last (hex), to notice one served again.
    pub seen: Vec<String>,
    /// An incremental export only: a page was asked for and never delivered (the run
    /// failed or was stopped while it was in flight). The server may already count it as
    /// delivered and will not send it again, so the export can no longer be known complete:
    /// a resumed paginator delivers what is left, then reports it. A checkpoint written
    /// before it existed reads as `true` (whether a page was lost cannot be told then).
    /// Only incremental exports use it.
    #[serde(default = "unknown_is_lost")]
    pub page_lost: bool,
}

// An older version stored no checkpoint before each request (found by the re-test: a job
// upgraded between a crash and its resume exited 0 with a page missing).
fn unknown_is_lost() -> bool {
    true
}

impl Checkpoint {
    /// Reads a checkpoint given as JSON text; `what` names the options in messages.
    pub fn parse(json: &str, what: &str) -> Result<Checkpoint> {
        let cp: Checkpoint = serde_json::from_str(json).map_err(|e| {
            Error::invalid_argument(format!(
                "option `resume` of {what} is not a checkpoint made by paginator.checkpoint() \
                 ({e}); pass the object checkpoint() returned, unchanged"
            ))
        })?;
        cp.check(what)?;
        Ok(cp)
    }

    /// Checks what serde cannot: the format's version and the fingerprints.
    pub fn check(&self, what: &str) -> Result<()> {
        if self.fourws_checkpoint != VERSION {
            return Err(Error::invalid_argument(format!(
                "option `resume` of {what} is a checkpoint of format {}, this version of fourws \
                 reads format {VERSION}: start the export again",
                self.fourws_checkpoint
            )));
        }
        if self
            .seen
            .iter()
            .any(|s| u64::from_str_radix(s, 16).is_err())
        {
            return Err(Error::invalid_argument(format!(
                "option `resume` of {what} holds a page fingerprint that is not hexadecimal: \
                 pass the object checkpoint() returned, unchanged"
            )));
        }
        Ok(())
    }

    /// The remembered page fingerprints.
    pub fn fingerprints(&self) -> impl Iterator<Item = u64> + '_ {
        self.seen
            .iter()
            .filter_map(|s| u64::from_str_radix(s, 16).ok())
    }

    /// Refuses a checkpoint taken from another command or another kind of export.
    pub fn check_fits(&self, cmd: &str, incremental: bool, start_given: bool) -> Result<()> {
        if start_given {
            return Err(Error::invalid_argument(
                "options `start` and `resume` cannot be used together: the checkpoint holds \
                 where to resume",
            ));
        }
        if self.cmd != cmd {
            return Err(Error::invalid_argument(format!(
                "option `resume` holds a checkpoint of {}, not of {cmd}",
                self.cmd
            )));
        }
        if self.incremental != incremental {
            let kind = |inc: bool| {
                if inc {
                    "an incremental export (completeExtraction: false)"
                } else {
                    "a complete extraction"
                }
            };
            return Err(Error::invalid_argument(format!(
                "option `resume` holds a checkpoint of {}, but these options ask for {}",
                kind(self.incremental),
                kind(incremental)
            )));
        }
        Ok(())
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        // A struct of strings, numbers and booleans always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            fourws_checkpoint: VERSION,
            cmd: "getCustomersExport_v3".into(),
            incremental: false,
            position: 40,
            delivered: 40,
            total: Some(137),
            sequential: false,
            done: false,
            seen: vec!["ff".into(), "1a2b".into()],
            page_lost: false,
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        let cp = sample();
        let back = Checkpoint::parse(&cp.to_json(), "o").unwrap();
        assert_eq!(back, cp);
        assert_eq!(back.fingerprints().collect::<Vec<_>>(), vec![0xff, 0x1a2b]);
        let e = Checkpoint::parse("{\"position\":3}", "o").unwrap_err();
        assert!(e.message.contains("not a checkpoint"), "{}", e.message);
        let e = Checkpoint::parse(&cp.to_json().replace("\"1a2b\"", "\"zz\""), "o").unwrap_err();
        assert!(e.message.contains("hexadecimal"), "{}", e.message);
        let e = Checkpoint::parse(&cp.to_json().replace(":1,", ":2,"), "o").unwrap_err();
        assert!(e.message.contains("format 2"), "{}", e.message);
        assert!(cp.check_fits("getCustomersExport_v3", false, false).is_ok());
        assert!(cp.check_fits("getSalesExport_v3", false, false).is_err());
        assert!(cp.check_fits("getCustomersExport_v3", true, false).is_err());
        assert!(cp.check_fits("getCustomersExport_v3", false, true).is_err());
        // One written before `pageLost` existed: a page may have been lost.
        let old = cp.to_json().replace(",\"pageLost\":false", "");
        assert!(!old.contains("pageLost"), "{old}");
        assert!(Checkpoint::parse(&old, "o").unwrap().page_lost);
    }
}
