//! Whether the certificate is usable today, and for how long.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// JumpCloud's "Rotate SSO certificates" article: its rotation procedure is not repeated here.
pub const ROTATE_SSO_CERTS_ARTICLE: &str = "https://jumpcloud.com/support/rotate-sso-certs";

/// Certificates expiring within this many days are flagged (JumpCloud's first warning).
pub const EXPIRY_WARNING_DAYS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Validity {
    Expired { days_ago: i64 },
    NotYetValid { days_until: i64 },
    ExpiringSoon { days_left: i64 },
    Valid { days_left: i64 },
}

impl Validity {
    /// The validity at `now` of a certificate valid from `not_before` to `not_after`.
    pub fn at(not_before: OffsetDateTime, not_after: OffsetDateTime, now: OffsetDateTime) -> Self {
        if now > not_after {
            return Validity::Expired {
                days_ago: (now - not_after).whole_days(),
            };
        }
        if now < not_before {
            return Validity::NotYetValid {
                days_until: (not_before - now).whole_days(),
            };
        }
        let left = not_after - now;
        if left <= Duration::days(EXPIRY_WARNING_DAYS) {
            Validity::ExpiringSoon {
                days_left: left.whole_days(),
            }
        } else {
            Validity::Valid {
                days_left: left.whole_days(),
            }
        }
    }

    /// True for anything the operator must act on.
    pub fn is_problem(self) -> bool {
        !matches!(self, Validity::Valid { .. })
    }

    /// The sentence the UI and CLI show.
    pub fn message(self) -> String {
        match self {
            Validity::Expired { days_ago } => format!(
                "EXPIRED {}. Whether KnowBe4 refuses an expired IdP certificate is not \
                 documented. To rotate it, follow JumpCloud's \"Rotate SSO certificates\" \
                 article ({ROTATE_SSO_CERTS_ARTICLE}), then put the new certificate's fingerprint \
                 into KnowBe4.",
                days_phrase(days_ago, "ago")
            ),
            Validity::NotYetValid { days_until } => format!(
                "NOT VALID YET: its validity starts {}. Check this computer's date and time; if \
                 they are right, this may not be the certificate JumpCloud signs with now.",
                in_days(days_until)
            ),
            Validity::ExpiringSoon { days_left } => format!(
                "Expires {}. JumpCloud warns admins 60, 30 and 7 days and 24 hours before expiry. \
                 To rotate it, follow JumpCloud's \"Rotate SSO certificates\" article \
                 ({ROTATE_SSO_CERTS_ARTICLE}); after the rotation the fingerprint in KnowBe4 \
                 must be updated or SSO breaks.",
                in_days(days_left)
            ),
            Validity::Valid { days_left } => format!("Valid for {days_left} more days."),
        }
    }
}

fn in_days(days: i64) -> String {
    match days {
        0 => "within a day".to_owned(),
        1 => "in 1 day".to_owned(),
        n => format!("in {n} days"),
    }
}

fn days_phrase(days: i64, suffix: &str) -> String {
    match days {
        0 => "less than a day ago".to_owned(),
        1 => format!("1 day {suffix}"),
        n => format!("{n} days {suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const FROM: OffsetDateTime = datetime!(2025-01-01 0:00 UTC);
    const UNTIL: OffsetDateTime = datetime!(2026-01-01 0:00 UTC);

    #[test]
    fn each_state_is_reached_at_its_boundary() {
        assert_eq!(
            Validity::at(FROM, UNTIL, UNTIL + Duration::days(3)),
            Validity::Expired { days_ago: 3 }
        );
        assert_eq!(
            Validity::at(FROM, UNTIL, FROM - Duration::hours(49)),
            Validity::NotYetValid { days_until: 2 }
        );
        assert_eq!(
            Validity::at(FROM, UNTIL, UNTIL - Duration::days(60)),
            Validity::ExpiringSoon { days_left: 60 }
        );
        assert_eq!(
            Validity::at(FROM, UNTIL, UNTIL - Duration::days(61)),
            Validity::Valid { days_left: 61 }
        );
    }

    #[test]
    fn messages_say_what_to_do() {
        let soon = Validity::ExpiringSoon { days_left: 7 }.message();
        assert!(
            soon.contains("in 7 days") && soon.contains("60, 30 and 7"),
            "{soon}"
        );
        let expired = Validity::Expired { days_ago: 1 }.message();
        assert!(expired.starts_with("EXPIRED 1 day ago"), "{expired}");
        assert!(expired.contains(ROTATE_SSO_CERTS_ARTICLE), "{expired}");
        assert!(!expired.contains("fails"), "{expired}");
        assert!(Validity::Expired { days_ago: 1 }.is_problem());
        let early = Validity::NotYetValid { days_until: 2 }.message();
        assert!(early.contains("its validity starts in 2 days"), "{early}");
        assert!(early.contains("may not be the certificate"), "{early}");
        assert!(!early.contains("is not the certificate"), "{early}");
        assert!(!Validity::Valid { days_left: 100 }.is_problem());
    }

    #[test]
    fn serializes_with_a_status_tag() {
        let json = serde_json::to_value(Validity::ExpiringSoon { days_left: 5 }).unwrap();
        assert_eq!(json["status"], "expiring_soon");
        assert_eq!(json["days_left"], 5);
    }
}
