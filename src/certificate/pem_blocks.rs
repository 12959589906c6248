//! A forgiving PEM scanner: finds `-----BEGIN X-----` … `-----END X-----` blocks anywhere in
//! text, whatever the line endings, indentation, blank lines or text around them (as
//! `openssl x509 -text` writes), and even when a paste collapsed the block onto one line.
//!
//! Only certificate bodies are ever base64-decoded; key blocks are recognised by label alone.

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";
const MAX_LABEL_LEN: usize = 48;

/// Decodes base64 with or without padding: pasted bodies often lose their trailing `=`.
pub(crate) const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PemBlock<'a> {
    /// The label between BEGIN and the dashes, e.g. `CERTIFICATE`.
    pub label: String,
    /// True when an RFC 1421 header says the body is encrypted (`Proc-Type: 4,ENCRYPTED`).
    pub encrypted_header: bool,
    body: &'a str,
}

impl PemBlock<'_> {
    /// The body as DER bytes, or `None` when it is not valid base64.
    pub fn decode(&self) -> Option<Vec<u8>> {
        let compact: String = self
            .body
            .lines()
            .filter(|line| !line.contains(':'))
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .collect();
        if compact.is_empty() {
            return None;
        }
        LENIENT_BASE64.decode(compact).ok()
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PemScan<'a> {
    pub blocks: Vec<PemBlock<'a>>,
    /// The label of a block that has a BEGIN line but no END line.
    pub truncated: Option<String>,
}

/// Finds every complete PEM block in `text`, and notes a final block that was cut off.
pub(crate) fn scan(text: &str) -> PemScan<'_> {
    let mut scan = PemScan::default();
    let mut position = 0;
    while let Some(found) = text[position..].find(BEGIN) {
        let label_start = position + found + BEGIN.len();
        let Some(label_len) = text[label_start..].find(DASHES) else {
            scan.truncated = Some(String::new());
            break;
        };
        let raw_label = &text[label_start..label_start + label_len];
        if !is_plausible_label(raw_label) {
            position = label_start;
            continue;
        }
        let label = raw_label.trim().to_owned();
        let body_start = label_start + label_len + DASHES.len();
        let end_marker = format!("-----END {label}-----");
        let Some(body_len) = text[body_start..].find(&end_marker) else {
            scan.truncated = Some(label);
            break;
        };
        let body = &text[body_start..body_start + body_len];
        // A BEGIN inside the body means the first block lost its END line.
        if body.contains(BEGIN) {
            scan.truncated = Some(label);
            let Some(next) = body.find(BEGIN) else { break };
            position = body_start + next;
            continue;
        }
        scan.blocks.push(PemBlock {
            encrypted_header: body
                .lines()
                .any(|l| l.contains(':') && l.contains("ENCRYPTED")),
            label,
            body,
        });
        position = body_start + body_len + end_marker.len();
    }
    scan
}

/// Labels are short upper-case words (`CERTIFICATE`, `PKCS #7 SIGNED DATA`, `X509 CRL`).
fn is_plausible_label(label: &str) -> bool {
    !label.trim().is_empty()
        && label.len() <= MAX_LABEL_LEN
        && label.chars().all(|c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, ' ' | '#' | '-' | '.' | '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_crlf_indentation_and_surrounding_text() {
        let text = "Certificate:\r\n    Data: ...\r\n  -----BEGIN CERTIFICATE-----\r\n  TWFu\r\n\r\n  \
                    TWFu\r\n  -----END CERTIFICATE-----\r\ntrailing";
        let scan = scan(text);
        assert_eq!(scan.truncated, None);
        assert_eq!(scan.blocks.len(), 1);
        assert_eq!(scan.blocks[0].label, "CERTIFICATE");
        assert_eq!(scan.blocks[0].decode().unwrap(), b"ManMan");
    }

    #[test]
    fn a_block_collapsed_onto_one_line_is_found() {
        let scan = scan("-----BEGIN CERTIFICATE----- TWFu -----END CERTIFICATE-----");
        assert_eq!(scan.blocks[0].decode().unwrap(), b"Man");
    }

    #[test]
    fn a_missing_end_line_is_reported_with_its_label() {
        let scan = scan("-----BEGIN CERTIFICATE-----\nTWFu\n");
        assert!(scan.blocks.is_empty());
        assert_eq!(scan.truncated.as_deref(), Some("CERTIFICATE"));
    }

    #[test]
    fn a_block_that_lost_its_end_does_not_swallow_the_next_one() {
        let text = "-----BEGIN CERTIFICATE-----\nTWFu\n-----BEGIN PRIVATE KEY-----\nAAAA\n\
                    -----END PRIVATE KEY-----\n-----END CERTIFICATE-----";
        let scan = scan(text);
        assert_eq!(scan.truncated.as_deref(), Some("CERTIFICATE"));
        assert_eq!(scan.blocks.len(), 1);
        assert_eq!(scan.blocks[0].label, "PRIVATE KEY");
    }

    #[test]
    fn encrypted_headers_are_noticed_and_skipped_when_decoding() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n\
                    TWFu\n-----END RSA PRIVATE KEY-----";
        let scan = scan(text);
        assert!(scan.blocks[0].encrypted_header);
    }

    #[test]
    fn garbage_labels_are_ignored() {
        let scan = scan("-----BEGIN lower case-----\n-----END lower case-----");
        assert!(scan.blocks.is_empty());
        assert_eq!(scan.truncated, None);
    }
}
