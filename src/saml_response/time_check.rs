//! The assertion's validity window against the computer's clock, with clock skew in minutes.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Why `now` is outside the window, or `Ok` with a short description of the window.
pub fn check_window(
    not_before: Option<&str>,
    not_on_or_after: &[(&str, Option<&str>)],
    now: OffsetDateTime,
) -> Result<String, String> {
    let mut described = Vec::new();
    if let Some(text) = not_before {
        let start = parse(text, "NotBefore")?;
        if now < start {
            let minutes = minutes_between(now, start);
            return Err(format!(
                "The assertion is not valid before {text}, which is {minutes} in the future for \
                 this computer. Either this computer's clock is behind or JumpCloud's is ahead by \
                 about that much: sync the clock (NTP) and sign in again."
            ));
        }
        described.push(format!("NotBefore {text}"));
    }
    for (label, text) in not_on_or_after {
        let Some(text) = text else { continue };
        let end = parse(text, label)?;
        if now >= end {
            let minutes = minutes_between(end, now);
            return Err(format!(
                "The assertion expired at {text} ({label}), {minutes} ago. Responses are valid \
                 only for minutes: capture a fresh one. If you captured it just now, this \
                 computer's clock is ahead by about that much: sync the clock (NTP)."
            ));
        }
        described.push(format!("{label} {text}"));
    }
    if described.is_empty() {
        return Err(
            "The assertion states no validity window (no NotBefore or NotOnOrAfter).".to_owned(),
        );
    }
    Ok(described.join(", "))
}

fn parse(text: &str, label: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| format!("{label} {text:?} is not a UTC date and time (xs:dateTime)."))
}

fn minutes_between(earlier: OffsetDateTime, later: OffsetDateTime) -> String {
    let seconds = (later - earlier).whole_seconds();
    let minutes = (seconds + 59) / 60;
    match minutes {
        0 | 1 => "1 minute or less".to_owned(),
        n => format!("{n} minutes"),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-01-01 12:00:00 UTC);

    #[test]
    fn inside_the_window_passes() {
        let ok = check_window(
            Some("2026-01-01T11:55:00Z"),
            &[("NotOnOrAfter", Some("2026-01-01T12:05:00.123Z"))],
            NOW,
        );
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn not_yet_valid_names_the_skew_in_minutes() {
        let err = check_window(Some("2026-01-01T12:07:00Z"), &[], NOW).unwrap_err();
        assert!(err.contains("7 minutes") && err.contains("clock"), "{err}");
    }

    #[test]
    fn expired_names_the_minutes_and_which_limit() {
        let err = check_window(
            None,
            &[
                ("Conditions NotOnOrAfter", Some("2026-01-01T13:00:00Z")),
                (
                    "SubjectConfirmationData NotOnOrAfter",
                    Some("2026-01-01T11:30:00Z"),
                ),
            ],
            NOW,
        )
        .unwrap_err();
        assert!(
            err.contains("30 minutes ago") && err.contains("SubjectConfirmationData"),
            "{err}"
        );
    }

    #[test]
    fn garbage_times_and_no_window_fail() {
        assert!(check_window(Some("yesterday"), &[], NOW).is_err());
        assert!(check_window(None, &[("NotOnOrAfter", None)], NOW).is_err());
    }
}
