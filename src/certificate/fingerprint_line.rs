//! Recognising a fingerprint pasted or saved where the certificate was expected: openssl's
//! `SHA1 Fingerprint=AB:CD:…` line, or the bare colon-separated hex that consoles show.

/// The hash a text holding only fingerprints names: `"SHA-1"`, `"SHA-256"` (or `"MD5"`), when
/// every non-blank line of it is a fingerprint and nothing else.
pub(crate) fn fingerprint_only(text: &str) -> Option<&'static str> {
    let mut found = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        found = Some(fingerprint_line(line)?);
    }
    found
}

/// The hash of one fingerprint line, told by its prefix or else by its length.
fn fingerprint_line(line: &str) -> Option<&'static str> {
    let lower = line.to_ascii_lowercase();
    let (named, hex) = match lower.find("fingerprint") {
        Some(at) => {
            let named = match lower[..at].trim() {
                "" => None,
                "sha1" | "sha-1" | "sha 1" => Some("SHA-1"),
                "sha256" | "sha-256" | "sha 256" => Some("SHA-256"),
                "md5" => Some("MD5"),
                _ => return None,
            };
            let rest = lower[at + "fingerprint".len()..].trim_start();
            (named, rest.strip_prefix(['=', ':']).unwrap_or(rest))
        }
        None => (None, lower.as_str()),
    };
    let digits = hex_digit_count(hex.trim())?;
    let by_length = match digits {
        32 => "MD5",
        40 => "SHA-1",
        64 => "SHA-256",
        _ => return None,
    };
    Some(named.unwrap_or(by_length))
}

/// How many hex digits `text` has, when it is only hex digits in pairs, optionally separated
/// by colons or spaces.
fn hex_digit_count(text: &str) -> Option<usize> {
    let mut count = 0;
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            count += 1;
        } else if !(c == ':' || c == ' ') {
            return None;
        }
    }
    (count > 0 && count % 2 == 0).then_some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA1: &str = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";

    #[test]
    fn openssl_lines_and_bare_hex_are_fingerprints() {
        assert_eq!(
            fingerprint_only(&format!("SHA1 Fingerprint={SHA1}\n")),
            Some("SHA-1")
        );
        let sha256 = format!("{SHA1}:{}", &SHA1[..35]);
        assert_eq!(
            fingerprint_only(&format!("sha256 Fingerprint={sha256}")),
            Some("SHA-256")
        );
        assert_eq!(fingerprint_only(&sha256.replace(':', "")), Some("SHA-256"));
        assert_eq!(fingerprint_only(SHA1), Some("SHA-1"));
    }

    #[test]
    fn other_text_is_not_a_fingerprint() {
        for text in [
            "",
            "hello",
            "MIIBszCCAVmgAwIBAgIU",
            "SHA1 Fingerprint=",
            "AB:CD",
            "serial Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
        ] {
            assert_eq!(fingerprint_only(text), None, "{text}");
        }
        assert_eq!(fingerprint_only(&format!("{SHA1}\nsomething else")), None);
    }
}
