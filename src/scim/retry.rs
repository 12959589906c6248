//! When to send a request again after a throttled (429) or gateway (502, 503, 504) answer,
//! and how long to wait first: one policy for the connection checks and the
//! reconciliation's paging, which differ only in their limits.

use std::time::Duration;

/// How often and how long a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times one request is sent again.
    pub max_retries: u32,
    /// The longest wait honoured; a server asking for more is not retried.
    pub max_wait: Duration,
    /// Whether gateway errors (502, 503, 504) are retried as well as 429.
    pub gateways: bool,
}

impl RetryPolicy {
    /// The connection checks: one retry after a 429, waiting at most 10 s (the run's budget
    /// may refuse even that). A gateway error is a finding, reported as it is.
    pub const CHECKS: RetryPolicy = RetryPolicy {
        max_retries: 1,
        max_wait: Duration::from_secs(10),
        gateways: false,
    };

    /// Paging through the tenant's users: three retries after a 429 or a gateway error,
    /// waiting at most 30 s each, so a long read survives a busy moment of the server.
    pub const PAGING: RetryPolicy = RetryPolicy {
        max_retries: 3,
        max_wait: Duration::from_secs(30),
        gateways: true,
    };

    /// Whether an answer with `status` is one this policy retries at all.
    pub fn retries(&self, status: u16) -> bool {
        status == 429 || (self.gateways && matches!(status, 502..=504))
    }

    /// The wait before retry number `retry` (1 for the first) of an answer with `status` and
    /// `Retry-After` header value `retry_after`, or `None` when the request is not sent again:
    /// the status is not retried, the retries are used up, or the server asks for a longer
    /// wait than `max_wait`. Without a usable `Retry-After`, 1 s, then 2 s, then 4 s...
    pub fn wait_before(
        &self,
        retry: u32,
        status: u16,
        retry_after: Option<&str>,
    ) -> Option<Duration> {
        if !self.retries(status) || retry == 0 || retry > self.max_retries {
            return None;
        }
        let wait = retry_after
            .and_then(retry_after_secs)
            .map(Duration::from_secs)
            .unwrap_or_else(|| Duration::from_secs(1 << (retry - 1).min(4)));
        (wait <= self.max_wait).then_some(wait)
    }
}

/// A `Retry-After` given in seconds; an HTTP date or anything else is not understood.
pub fn retry_after_secs(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checks_retry_a_429_once_within_ten_seconds() {
        let checks = RetryPolicy::CHECKS;
        assert_eq!(
            checks.wait_before(1, 429, Some(" 7 ")),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            checks.wait_before(1, 429, None),
            Some(Duration::from_secs(1))
        );
        assert_eq!(checks.wait_before(1, 429, Some("11")), None);
        assert_eq!(checks.wait_before(2, 429, Some("1")), None);
        assert_eq!(checks.wait_before(1, 503, Some("1")), None);
    }

    #[test]
    fn paging_retries_throttling_and_gateways_three_times_within_thirty_seconds() {
        let paging = RetryPolicy::PAGING;
        for status in [429, 502, 503, 504] {
            assert_eq!(
                paging.wait_before(3, status, Some("30")),
                Some(Duration::from_secs(30))
            );
            assert_eq!(paging.wait_before(4, status, Some("0")), None);
        }
        assert_eq!(paging.wait_before(1, 500, Some("0")), None);
        assert_eq!(paging.wait_before(1, 429, Some("31")), None);
        assert_eq!(
            paging.wait_before(3, 429, Some("a date")),
            Some(Duration::from_secs(4))
        );
    }
}
