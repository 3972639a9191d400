//! The retry decision, as a pure function: given what went wrong on an attempt, how many
//! retries were made, the server's `Retry-After` and a random number, retry after how long
//! or give up. The caller does the waiting.

use super::datetime::parse_http_date;
use super::error::Kind;

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

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Try again after this many milliseconds.
    RetryAfter(f64),
    /// Report the error.
    GiveUp,
}

/// Whether an outcome is worth another attempt.
pub fn is_retryable(outcome: Outcome) -> bool {
    matches!(
        outcome,
        Outcome::Network | Outcome::Timeout | Outcome::Status(429 | 500 | 502 | 503 | 504)
    )
}

/// Decides after a failed attempt. `retries_done` counts retries already made;
/// `retry_after_ms` is the server's `Retry-After`, if it sent one; `random` is in [0, 1).
/// A `Retry-After` longer than `max_wait_ms` is not waited for.
pub fn decide(
    outcome: Outcome,
    retries_done: u64,
    max_retries: u64,
    retry_after_ms: Option<u64>,
    max_wait_ms: u64,
    random: f64,
) -> Decision {
    if !is_retryable(outcome) || retries_done >= max_retries {
        return Decision::GiveUp;
    }
    if let Some(wait) = retry_after_ms {
        return if wait > max_wait_ms {
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

/// Reads a `Retry-After` value: seconds, or an HTTP date (relative to `now_ms`).
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse::<u64>().ok().map(|s| s.saturating_mul(1000));
    }
    let at = parse_http_date(v)?;
    Some((at - now_ms).max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;
    use Outcome::*;

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
            assert_eq!(is_retryable(outcome), want, "{outcome:?}");
            let d = decide(outcome, 0, 3, None, 60_000, 0.5);
            assert_eq!(matches!(d, RetryAfter(_)), want, "{outcome:?}");
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
                decide(Network, done, 20, None, 60_000, random),
                RetryAfter(want)
            );
        }
        assert_eq!(decide(Network, 3, 3, None, 60_000, 0.5), GiveUp);
        assert_eq!(decide(Status(503), 0, 0, None, 60_000, 0.5), GiveUp);
        assert_eq!(
            decide(Network, 0, 3, None, 60_000, f64::NAN),
            RetryAfter(187.5)
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_maximum_wait() {
        assert_eq!(
            decide(Status(429), 0, 3, Some(1000), 60_000, 0.9),
            RetryAfter(1000.0)
        );
        assert_eq!(
            decide(Status(503), 1, 3, Some(0), 60_000, 0.9),
            RetryAfter(0.0)
        );
        assert_eq!(
            decide(Status(429), 0, 3, Some(3_600_000), 60_000, 0.5),
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
        assert_eq!(parse_retry_after("99999999999999999999", now), None);
    }
}
