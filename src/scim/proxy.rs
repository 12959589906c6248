//! Which proxy, if any, carries the connection to the tenant. The HTTP client applies proxies
//! itself; the network checks need to know so that they do not report on a direct path that
//! the real requests never take.

/// The proxy used for an https request to `host`: the explicit setting first, then
/// `HTTPS_PROXY`/`ALL_PROXY` (either case) unless `NO_PROXY` names the host.
pub fn proxy_for(host: &str, explicit: Option<&str>) -> Option<String> {
    if let Some(proxy) = explicit.map(str::trim).filter(|p| !p.is_empty()) {
        return Some(proxy.to_owned());
    }
    let from_env = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))?;
    let no_proxy = ["NO_PROXY", "no_proxy"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok())
        .unwrap_or_default();
    (!no_proxy_matches(&no_proxy, host)).then_some(from_env)
}

/// True when a `NO_PROXY` list (comma separated: `*`, host names, `.domain` suffixes, IPs)
/// covers `host`.
pub fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = host
        .trim_matches(|c| c == '[' || c == ']')
        .to_ascii_lowercase();
    list.split(',')
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .any(|entry| {
            let entry = entry.trim_start_matches("*.");
            let domain = entry.trim_start_matches('.');
            entry == "*" || host == domain || host.ends_with(&format!(".{domain}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_proxy_wins() {
        assert_eq!(
            proxy_for("eu.knowbe4.com", Some(" http://p:3128 ")).as_deref(),
            Some("http://p:3128")
        );
    }

    #[test]
    fn no_proxy_lists_match_hosts_and_domains() {
        assert!(no_proxy_matches(
            "localhost, .knowbe4.com",
            "eu.knowbe4.com"
        ));
        assert!(no_proxy_matches("knowbe4.com", "knowbe4.com"));
        assert!(no_proxy_matches("*.knowbe4.com", "eu.knowbe4.com"));
        assert!(no_proxy_matches("*", "anything"));
        assert!(no_proxy_matches("127.0.0.1", "127.0.0.1"));
        assert!(!no_proxy_matches("example.com", "eu.knowbe4.com"));
        assert!(!no_proxy_matches("", "eu.knowbe4.com"));
        assert!(!no_proxy_matches("owbe4.com", "eu.knowbe4.com"));
    }
}
