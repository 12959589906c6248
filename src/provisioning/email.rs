//! A practical email check: what KnowBe4 and JumpCloud accept in real tenants, not the
//! full RFC 5322 grammar (quoted local parts and IP-literal domains never occur there).

/// Returns true when `value` looks like a deliverable address: one `@`, a sensible local
/// part, and a domain of dot-separated labels ending in an alphabetic top-level domain.
/// Whitespace anywhere makes it invalid; callers trim first if they report spaces apart.
pub fn is_valid_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    valid_local_part(local) && valid_domain(domain)
}

/// The part after the `@`, lowercased, when there is exactly one `@`.
pub fn email_domain(value: &str) -> Option<String> {
    let (_, domain) = value.split_once('@')?;
    if domain.contains('@') {
        return None;
    }
    Some(domain.to_lowercase())
}

fn valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            c.is_alphanumeric() || SPECIALS.contains(c) || (!c.is_ascii() && !c.is_whitespace())
        })
}

fn valid_domain(domain: &str) -> bool {
    if domain.is_empty() || domain.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let labels_ok = labels.iter().all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    labels_ok && tld_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "ada@example.com",
            "a.b+tag@mail.example.co.uk",
            "o'neil@example.org",
            "x@b-c.io",
        ] {
            assert!(is_valid_email(ok), "{ok} should be valid");
        }
    }

    #[test]
    fn rejects_broken_addresses() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "a@b@example.com",
            "ada @example.com",
            "ada@exa mple.com",
            ".ada@example.com",
            "ada.@example.com",
            "a..b@example.com",
            "ada@-example.com",
            "ada@example.c0m",
            "ada@example..com",
            "ada@example.c",
        ] {
            assert!(!is_valid_email(bad), "{bad:?} should be invalid");
        }
    }

    #[test]
    fn domain_is_lowercased_and_needs_one_at() {
        assert_eq!(
            email_domain("Ada@Example.COM").as_deref(),
            Some("example.com")
        );
        assert_eq!(email_domain("no-at-sign"), None);
        assert_eq!(email_domain("a@b@c.com"), None);
    }
}
