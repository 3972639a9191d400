//! The retry decision, as one pure function of what went wrong on an attempt, how many
//! retries were made and the policy: retry after how long, or give up. The caller does the
//! waiting. Every place that sends requests asks this function, and nothing else.

use super::error::Kind;
use std::time::{Duration, UNIX_EPOCH};

/// The first backoff delay.
pub const BASE_DELAY_MS: f64 = 250.0;
/// The longest backoff delay (without a `Retry-After`).
pub const MAX_DELAY_MS: f64 = 10_000.0;

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The request failed before a response (connection refused, reset, DNS, ...).
    Network,
    /// No answer within the timeout.
    Timeout,
    /// An HTTP status that was not 2xx.
    Status(u16),
    /// Any other error (decode, api, validation, aborted, ...).
    Other(Kind),
}

/// Which requests may be sent again once they may have reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// Reading is idempotent: any retryable failure is retried.
    Any,
    /// The request may have changed something on the server (a `POST` through
    /// `client.request()`, or an incremental export whose server cursor moves when it
    /// answers): only answers that say the server did nothing (429, 503) are retried.
    OnlyUnprocessed,
}

/// The retry policy of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Retries allowed after the first attempt (`maxRetries`).
    pub max_retries: u64,
    /// A `Retry-After` further away than this is not waited for (`maxRetryAfterMs`).
    pub max_retry_after_ms: u64,
    /// Which failures may be sent again.
    pub replay: Replay,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Try again after this many milliseconds.
    RetryAfter(f64),
    /// Report the error.
    GiveUp,
}

/// Whether an outcome is worth another attempt under `replay`.
pub fn is_retryable(outcome: Outcome, replay: Replay) -> bool {
    match replay {
        Replay::Any => matches!(
            outcome,
            Outcome::Network | Outcome::Timeout | Outcome::Status(429 | 500 | 502 | 503 | 504)
        ),
        Replay::OnlyUnprocessed => matches!(outcome, Outcome::Status(s) if unprocessed(s)),
    }
}

/// Whether an answer's status says the server did nothing with the request (429: too many
/// requests; 503: unavailable), so that sending it again changes nothing twice.
pub fn unprocessed(status: u16) -> bool {
    matches!(status, 429 | 503)
}

/// Decides after a failed attempt. `retries_done` counts retries already made;
/// `retry_after_ms` is the server's `Retry-After`, if it sent one; `random` is in [0, 1).
/// A `Retry-After` longer than the policy's maximum is not waited for.
pub fn decide(
    outcome: Outcome,
    retry_after_ms: Option<u64>,
    retries_done: u64,
    policy: &Policy,
    random: f64,
) -> Decision {
    if !is_retryable(outcome, policy.replay) || retries_done >= policy.max_retries {
        return Decision::GiveUp;
    }
    if let Some(wait) = retry_after_ms {
        return if wait > policy.max_retry_after_ms {
            Decision::GiveUp
        } else {
            Decision::RetryAfter(wait as f64)
        };
    }
    let exp = BASE_DELAY_MS * 2f64.powi(retries_done.min(30) as i32);
    let ceiling = exp.min(MAX_DELAY_MS);
    // "Equal jitter": half fixed, half random, so retries of parallel pages spread out.
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.5
    };
    Decision::RetryAfter(ceiling / 2.0 + random * ceiling / 2.0)
}

/// Reads a `Retry-After` value (RFC 9110 §10.2.3): delay seconds, or an HTTP date in any
/// of its three forms (IMF-fixdate, RFC 850, asctime; `httpdate` parses them), relative
/// to `now_ms`. A number of seconds too large to hold reads as "as far as can be" (so it
/// is beyond any `maxRetryAfterMs`), never as absent.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            v.parse::<u64>()
                .map_or(u64::MAX, |s| s.saturating_mul(1000)),
        );
    }
    let at = httpdate::parse_http_date(v).ok()?;
    let at_ms = at
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as f64;
    Some((at_ms - now_ms).max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;
    use Outcome::*;

    fn policy(max_retries: u64) -> Policy {
        Policy {
            max_retries,
            max_retry_after_ms: 60_000,
            replay: Replay::Any,
        }
    }

    #[test]
    fn what_is_retried() {
        let table = [
            (Network, true),
            (Timeout, true),
            (Status(429), true),
            (Status(500), true),
            (Status(502), true),
            (Status(503), true),
            (Status(504), true),
            (Status(400), false),
            (Status(401), false),
            (Status(404), false),
            (Status(422), false),
            (Status(501), false),
            (Other(Kind::Decode), false),
            (Other(Kind::Api), false),
            (Other(Kind::Aborted), false),
            (Other(Kind::Validation), false),
        ];
        for (outcome, want) in table {
            assert_eq!(is_retryable(outcome, Replay::Any), want, "{outcome:?}");
            let d = decide(outcome, None, 0, &policy(3), 0.5);
            assert_eq!(matches!(d, RetryAfter(_)), want, "{outcome:?}");
            // A request that may have changed something is sent again only when the
            // server said it did nothing.
            let once = Policy {
                replay: Replay::OnlyUnprocessed,
                ..policy(3)
            };
            let want = matches!(outcome, Status(429 | 503));
            assert_eq!(
                matches!(decide(outcome, None, 0, &once, 0.5), RetryAfter(_)),
                want,
                "{outcome:?} once"
            );
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_stops_at_max_retries() {
        let table = [
            (0, 0.0, 125.0),
            (0, 1.0, 250.0),
            (1, 0.0, 250.0),
            (2, 0.5, 750.0),
            (10, 0.0, 5000.0),
            (10, 1.0, 10000.0),
        ];
        for (done, random, want) in table {
            assert_eq!(
                decide(Network, None, done, &policy(20), random),
                RetryAfter(want)
            );
        }
        assert_eq!(decide(Network, None, 3, &policy(3), 0.5), GiveUp);
        assert_eq!(decide(Status(503), None, 0, &policy(0), 0.5), GiveUp);
        assert_eq!(
            decide(Network, None, 0, &policy(3), f64::NAN),
            RetryAfter(187.5)
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_maximum_wait() {
        assert_eq!(
            decide(Status(429), Some(1000), 0, &policy(3), 0.9),
            RetryAfter(1000.0)
        );
        assert_eq!(
            decide(Status(503), Some(0), 1, &policy(3), 0.9),
            RetryAfter(0.0)
        );
        assert_eq!(
            decide(Status(429), Some(3_600_000), 0, &policy(3), 0.5),
            GiveUp
        );
    }

    #[test]
    fn retry_after_values() {
        let now = 1_445_412_480_000.0; // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(parse_retry_after("1", now), Some(1000));
        assert_eq!(parse_retry_after(" 120 ", now), Some(120_000));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(0)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        // Too large to hold: as far away as can be, never "absent".
        assert_eq!(
            parse_retry_after("999999999999999999999", now),
            Some(u64::MAX)
        );
        assert_eq!(parse_retry_after("18446744073709552", now), Some(u64::MAX));
        // RFC 9110 §5.6.7: all three HTTP-date forms.
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:30 GMT", now),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:28:30 2015", now),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Wed, 31 Feb 2015 07:28:00 GMT", now),
            None
        );
    }
}
