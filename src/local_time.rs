//! Times as the operator reads them: in the computer's local time, to the second, with the
//! offset said. Saved times stay RFC 3339 in UTC; only what is shown is converted.

use std::sync::OnceLock;

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

static LOCAL_OFFSET: OnceLock<Option<UtcOffset>> = OnceLock::new();

/// Reads the computer's UTC offset. Call it first thing in `main`: the OS offset can only be
/// read safely while the process has a single thread, so later reads fall back to UTC.
pub fn capture_local_offset() {
    LOCAL_OFFSET.get_or_init(|| UtcOffset::current_local_offset().ok());
}

fn local_offset() -> Option<UtcOffset> {
    LOCAL_OFFSET.get().copied().flatten()
}

/// `at` in `offset` (UTC when unknown), to the second: `2026-06-01 14:00:05 (UTC+02:00)`.
pub fn format_at(at: OffsetDateTime, offset: Option<UtcOffset>) -> String {
    let shown = at.to_offset(offset.unwrap_or(UtcOffset::UTC));
    let clock = shown
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_else(|_| at.to_string());
    match offset {
        Some(offset) if !offset.is_utc() => {
            let (hours, minutes, _) = offset.as_hms();
            let sign = if offset.is_negative() { '-' } else { '+' };
            format!(
                "{clock} (UTC{sign}{:02}:{:02})",
                hours.unsigned_abs(),
                minutes.unsigned_abs()
            )
        }
        _ => format!("{clock} UTC"),
    }
}

/// A saved RFC 3339 time in the operator's local time; text that is not one is shown as it is.
pub fn describe(rfc3339: &str) -> String {
    match OffsetDateTime::parse(rfc3339, &Rfc3339) {
        Ok(at) => format_at(at, local_offset()),
        Err(_) => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn local_times_are_shown_to_the_second_with_their_offset() {
        let at = datetime!(2026-06-01 12:00:05.734 UTC);
        assert_eq!(
            format_at(at, Some(offset!(+2))),
            "2026-06-01 14:00:05 (UTC+02:00)"
        );
        assert_eq!(
            format_at(at, Some(offset!(-3:30))),
            "2026-06-01 08:30:05 (UTC-03:30)"
        );
        assert_eq!(format_at(at, None), "2026-06-01 12:00:05 UTC");
        assert_eq!(
            format_at(at, Some(UtcOffset::UTC)),
            "2026-06-01 12:00:05 UTC"
        );
    }

    #[test]
    fn text_that_is_not_a_time_is_kept() {
        assert_eq!(describe("unknown time"), "unknown time");
    }
}
