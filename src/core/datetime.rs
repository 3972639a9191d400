//! Calendar arithmetic without a clock: parsing and checking 4WS timestamps, formatting
//! epoch milliseconds as the GMT `yyyy-MM-dd HH:mm:ss` the API expects, and reading HTTP
//! dates (`Retry-After`).

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats epoch milliseconds as GMT `yyyy-MM-dd HH:mm:ss` (the 4WS wire format).
/// Returns `None` outside years 0000-9999.
pub fn format_gmt(epoch_ms: f64) -> Option<String> {
    if !epoch_ms.is_finite() {
        return None;
    }
    let secs = (epoch_ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    ))
}

fn digits(b: &[u8], from: usize, n: usize) -> Option<u32> {
    let s = b.get(from..from + n)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Why a timestamp was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (or an ISO 8601 form of it).
    Format,
    /// Well formed but not a day of the calendar (e.g. February 30th) or not a time of day.
    Impossible,
}

/// A parsed 4WS timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// A calendar day, `yyyy-MM-dd`.
    Date(String),
    /// A date and time, normalised to ISO 8601 (`yyyy-MM-ddTHH:mm:ssZ` for GMT).
    DateTime(String),
    /// The all-zero "no date" sentinel (`0000-00-00 00:00:00`) of legacy databases.
    Zero,
}

/// Parses `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` (GMT, as 4WS sends it) and the ISO 8601
/// forms `yyyy-MM-ddTHH:mm:ss[.fff][Z|±hh:mm]`, checking the calendar.
pub fn parse_stamp(s: &str) -> Result<Stamp, DateProblem> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateProblem::Format);
    }
    let (y, m, d) = match (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2)) {
        (Some(y), Some(m), Some(d)) => (i64::from(y), m, d),
        _ => return Err(DateProblem::Format),
    };
    let zero = y == 0 && m == 0 && d == 0;
    if !zero && (m == 0 || m > 12 || d == 0 || d > days_in_month(y, m)) {
        // Keep checking the format so that "2021-02-30 x" is a format problem.
        if b.len() == 10 || time_part(b).is_some() {
            return Err(DateProblem::Impossible);
        }
        return Err(DateProblem::Format);
    }
    if b.len() == 10 {
        return Ok(if zero {
            Stamp::Zero
        } else {
            Stamp::Date(s.to_owned())
        });
    }
    let (h, mi, sec, rest) = time_part(b).ok_or(DateProblem::Format)?;
    if zero {
        return if h == 0 && mi == 0 && sec == 0 && (rest.is_empty() || rest == "Z") {
            Ok(Stamp::Zero)
        } else {
            Err(DateProblem::Impossible)
        };
    }
    if h > 23 || mi > 59 || sec > 59 {
        return Err(DateProblem::Impossible);
    }
    let suffix = zone_suffix(rest)?;
    Ok(Stamp::DateTime(format!(
        "{}T{}{}",
        &s[..10],
        &s[11..19],
        suffix
    )))
}

/// `HH:mm:ss` after the date and its separator; returns the time and what follows.
fn time_part(b: &[u8]) -> Option<(u32, u32, u32, &str)> {
    if b.len() < 19 || !(b[10] == b' ' || b[10] == b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let rest = std::str::from_utf8(&b[19..]).ok()?;
    Some((
        digits(b, 11, 2)?,
        digits(b, 14, 2)?,
        digits(b, 17, 2)?,
        rest,
    ))
}

/// Checks what follows the seconds: an optional fraction and an optional zone.
/// Returns the suffix to append after the seconds, `Z` when no zone was given.
fn zone_suffix(rest: &str) -> Result<String, DateProblem> {
    let b = rest.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'.') {
        i = 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == 1 || i > 10 {
            return Err(DateProblem::Format);
        }
    }
    let (fraction, zone) = rest.split_at(i);
    let zb = zone.as_bytes();
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || (zb.len() == 6
            && matches!(zb[0], b'+' | b'-')
            && zb[3] == b':'
            && digits(zb, 1, 2).is_some_and(|h| h <= 23)
            && digits(zb, 4, 2).is_some_and(|m| m <= 59));
    if !zone_ok {
        return Err(DateProblem::Format);
    }
    let zone = if zone.is_empty() { "Z" } else { zone };
    Ok(format!("{fraction}{zone}"))
}

/// Checks the bytes of the common wire form `yyyy-MM-dd HH:mm:ss` (not the zero date):
/// `Some(Ok)` when valid, `Some(Err)` when well formed but impossible, `None` when the
/// bytes are not in that form (let [`parse_stamp`] decide).
pub fn check_wire_bytes(b: &[u8]) -> Option<Result<(), DateProblem>> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let y = digits(b, 0, 4)?;
    let (m, d) = (digits(b, 5, 2)?, digits(b, 8, 2)?);
    let (h, mi, sec) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    if y == 0 && m == 0 && d == 0 {
        return None;
    }
    let ok = (1..=12).contains(&m)
        && (1..=days_in_month(i64::from(y), m)).contains(&d)
        && h <= 23
        && mi <= 59
        && sec <= 59;
    Some(if ok {
        Ok(())
    } else {
        Err(DateProblem::Impossible)
    })
}

/// Checks a `fromDateTime`-style argument: exactly `yyyy-MM-dd HH:mm:ss`, a real time.
pub fn is_wire_datetime(s: &str) -> Result<(), DateProblem> {
    let b = s.as_bytes();
    if b.len() != 19 || b[10] != b' ' {
        return Err(DateProblem::Format);
    }
    match parse_stamp(s)? {
        Stamp::DateTime(_) => Ok(()),
        _ => Err(DateProblem::Impossible),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_accepted_and_normalised() {
        let table = [
            (
                "1944-05-07 00:00:00",
                Stamp::DateTime("1944-05-07T00:00:00Z".into()),
            ),
            ("2019-05-15", Stamp::Date("2019-05-15".into())),
            (
                "2020-02-29 23:59:59",
                Stamp::DateTime("2020-02-29T23:59:59Z".into()),
            ),
            ("2000-02-29", Stamp::Date("2000-02-29".into())),
            (
                "2021-03-17T10:42:52",
                Stamp::DateTime("2021-03-17T10:42:52Z".into()),
            ),
            (
                "2021-03-17T10:42:52Z",
                Stamp::DateTime("2021-03-17T10:42:52Z".into()),
            ),
            (
                "2021-03-17 10:42:52.125",
                Stamp::DateTime("2021-03-17T10:42:52.125Z".into()),
            ),
            (
                "2021-03-17T10:42:52+02:00",
                Stamp::DateTime("2021-03-17T10:42:52+02:00".into()),
            ),
            ("0000-00-00 00:00:00", Stamp::Zero),
            ("0000-00-00", Stamp::Zero),
        ];
        for (input, want) in table {
            assert_eq!(parse_stamp(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn stamps_refused_with_the_reason() {
        use DateProblem::*;
        let table = [
            ("2021-02-30 10:00:00", Impossible),
            ("2021-02-29", Impossible),
            ("1900-02-29", Impossible),
            ("2021-13-01", Impossible),
            ("2021-00-10", Impossible),
            ("2021-04-31 00:00:00", Impossible),
            ("2021-01-01 24:00:00", Impossible),
            ("2021-01-01 10:60:00", Impossible),
            ("2021-01-01 10:00:60", Impossible),
            ("0000-00-00 10:00:00", Impossible),
            ("2021-1-01", Format),
            ("21-01-01", Format),
            ("2021/01/01", Format),
            ("2021-01-01 10:00", Format),
            ("2021-01-01x10:00:00", Format),
            ("2021-01-01 10:00:00 GMT", Format),
            ("2021-01-01T10:00:00+2", Format),
            ("2021-01-01T10:00:00.", Format),
            ("", Format),
            ("yesterday", Format),
            ("2021-01-0é", Format),
        ];
        for (input, want) in table {
            assert_eq!(parse_stamp(input), Err(want), "{input}");
        }
    }

    #[test]
    fn the_wire_fast_path_agrees_with_parse_stamp() {
        for s in [
            "1944-05-07 00:00:00",
            "2020-02-29 23:59:59",
            "2021-02-29 10:00:00",
            "2021-02-30 10:00:00",
            "2021-13-01 00:00:00",
            "2021-01-01 24:00:00",
            "0000-00-00 00:00:00",
            "2021-01-01T10:00:00",
            "2021-01-0x 10:00:00",
        ] {
            match check_wire_bytes(s.as_bytes()) {
                Some(Ok(())) => assert!(matches!(parse_stamp(s), Ok(Stamp::DateTime(_))), "{s}"),
                Some(Err(p)) => assert_eq!(parse_stamp(s), Err(p), "{s}"),
                None => {}
            }
        }
        assert!(check_wire_bytes(b"2021-01-01T10:00:00").is_none());
        assert!(check_wire_bytes(b"0000-00-00 00:00:00").is_none());
    }

    #[test]
    fn wire_datetime_is_strict() {
        assert!(is_wire_datetime("2020-09-08 13:18:00").is_ok());
        assert_eq!(is_wire_datetime("2020-09-08"), Err(DateProblem::Format));
        assert_eq!(
            is_wire_datetime("2020-09-08T13:18:00"),
            Err(DateProblem::Format)
        );
        assert_eq!(
            is_wire_datetime("2020-02-30 13:18:00"),
            Err(DateProblem::Impossible)
        );
    }

    #[test]
    fn formats_epoch_ms_as_gmt() {
        assert_eq!(format_gmt(0.0).as_deref(), Some("1970-01-01 00:00:00"));
        assert_eq!(
            format_gmt(1_599_571_080_999.0).as_deref(),
            Some("2020-09-08 13:18:00")
        );
        assert_eq!(format_gmt(-1.0).as_deref(), Some("1969-12-31 23:59:59"));
        assert_eq!(
            format_gmt(951_782_400_000.0).as_deref(),
            Some("2000-02-29 00:00:00")
        );
        assert_eq!(format_gmt(f64::NAN), None);
        assert_eq!(format_gmt(1e20), None);
    }

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
    }
}
