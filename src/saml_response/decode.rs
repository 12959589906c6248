//! Turns whatever the operator pasted into the response XML, and says which form it was.
//!
//! Operators capture a SAMLResponse in several shapes: base64 from a browser SAML tracer
//! (HTTP-POST binding, often wrapped over many lines or still prefixed with `SAMLResponse=`),
//! the same URL-encoded, raw-DEFLATE + base64 (HTTP-Redirect binding), or the XML itself.

use std::fmt;
use std::io::Read;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use serde::{Deserialize, Serialize};

/// Largest pasted input accepted (base64 of the largest XML plus URL-encoding overhead).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// Largest XML accepted, after decoding or inflating. Real SAML responses are a few KiB.
pub const MAX_XML_BYTES: usize = 1024 * 1024;

/// The form the SAMLResponse was pasted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputForm {
    RawXml,
    Base64,
    UrlEncodedBase64,
    DeflatedBase64,
    UrlEncodedDeflatedBase64,
}

impl fmt::Display for InputForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputForm::RawXml => "raw XML",
            InputForm::Base64 => "base64 (HTTP-POST binding)",
            InputForm::UrlEncodedBase64 => "URL-encoded base64 (HTTP-POST binding)",
            InputForm::DeflatedBase64 => "deflated + base64 (HTTP-Redirect binding)",
            InputForm::UrlEncodedDeflatedBase64 => {
                "URL-encoded, deflated + base64 (HTTP-Redirect binding)"
            }
        })
    }
}

/// Why the input could not be turned into XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("The input is empty. Paste the SAMLResponse value captured by a SAML tracer.")]
    Empty,
    #[error(
        "The input is {size} bytes, more than the {limit}-byte limit. A SAML response is a few \
         kilobytes: paste only the SAMLResponse value, not a whole capture file."
    )]
    TooLarge { size: usize, limit: usize },
    #[error(
        "The decoded response is larger than {limit} bytes. That is not a SAML response (or it \
         is a compression bomb), so it was not expanded further."
    )]
    InflatedTooLarge { limit: usize },
    #[error(
        "The input is neither XML nor base64. Paste the SAMLResponse value as your SAML tracer \
         shows it (a long run of letters, digits, '+', '/' and '='), or the decoded XML."
    )]
    NotBase64,
    #[error(
        "The input decodes from base64, but not to XML nor to deflated XML. Check that the \
         whole SAMLResponse value was copied, and that it is a response, not a signature or \
         certificate."
    )]
    NotXmlInside,
    #[error("The response is not UTF-8 text. Save or paste it as UTF-8 and try again.")]
    NotUtf8,
}

/// The response XML and the form it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub form: InputForm,
    pub xml: String,
}

/// Detects the form of `input` and decodes it to XML text.
pub fn decode(input: &[u8]) -> Result<Decoded, DecodeError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(DecodeError::TooLarge {
            size: input.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let text = std::str::from_utf8(strip_bom(input)).map_err(|_| DecodeError::NotUtf8)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.starts_with('<') {
        return xml_text(text.as_bytes(), InputForm::RawXml);
    }
    let value = strip_parameter_name(text);
    let (value, url_encoded) = match percent_decode(value) {
        Some(decoded) => (decoded, true),
        None => (value.to_owned(), false),
    };
    let bytes = base64_decode(&value)?;
    let inner = strip_bom(&bytes);
    if trim_start_ascii(inner).starts_with(b"<") {
        let form = if url_encoded {
            InputForm::UrlEncodedBase64
        } else {
            InputForm::Base64
        };
        return xml_text(inner, form);
    }
    let inflated = inflate(inner)?;
    let form = if url_encoded {
        InputForm::UrlEncodedDeflatedBase64
    } else {
        InputForm::DeflatedBase64
    };
    xml_text(strip_bom(&inflated), form)
}

fn xml_text(bytes: &[u8], form: InputForm) -> Result<Decoded, DecodeError> {
    if bytes.len() > MAX_XML_BYTES {
        return Err(DecodeError::TooLarge {
            size: bytes.len(),
            limit: MAX_XML_BYTES,
        });
    }
    let xml = std::str::from_utf8(bytes).map_err(|_| DecodeError::NotUtf8)?;
    Ok(Decoded {
        form,
        xml: xml.trim().to_owned(),
    })
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn trim_start_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

// Tracers and proxies show `SAMLResponse=<value>&RelayState=...`; keep only the value.
fn strip_parameter_name(text: &str) -> &str {
    let Some(position) = find_ignore_case(text, "samlresponse=") else {
        return text;
    };
    let value = &text[position + "SAMLResponse=".len()..];
    value.split('&').next().unwrap_or(value)
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

// Decodes `%XX` escapes. `+` stays `+`: in base64 it is a data character, and encoders that
// leave it unescaped are common, while a form-encoded space never occurs in base64.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let escaped = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(value) => {
                out.push(value);
                index += 3;
            }
            None => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn base64_decode(value: &str) -> Result<Vec<u8>, DecodeError> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    // Some tools emit the URL-safe alphabet; the two alphabets differ only in these characters.
    let alphabet = if compact.contains(['-', '_']) {
        &base64::alphabet::URL_SAFE
    } else {
        &base64::alphabet::STANDARD
    };
    let decoded = GeneralPurpose::new(alphabet, config)
        .decode(compact.as_bytes())
        .or_else(|_| general_purpose::STANDARD.decode(compact.as_bytes()));
    decoded.map_err(|_| DecodeError::NotBase64)
}

// Raw DEFLATE is what the redirect binding uses; some tools add a zlib header, so try both.
// The output is capped so that a small input cannot expand into gigabytes.
fn inflate(bytes: &[u8]) -> Result<Vec<u8>, DecodeError> {
    match read_capped(flate2::read::DeflateDecoder::new(bytes)) {
        Ok(out) if looks_like_xml(&out) => return Ok(out),
        Err(too_large @ DecodeError::InflatedTooLarge { .. }) => return Err(too_large),
        _ => {}
    }
    match read_capped(flate2::read::ZlibDecoder::new(bytes)) {
        Ok(out) if looks_like_xml(&out) => Ok(out),
        Err(too_large @ DecodeError::InflatedTooLarge { .. }) => Err(too_large),
        _ => Err(DecodeError::NotXmlInside),
    }
}

fn looks_like_xml(bytes: &[u8]) -> bool {
    trim_start_ascii(strip_bom(bytes)).starts_with(b"<")
}

fn read_capped(reader: impl Read) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let limit = MAX_XML_BYTES as u64;
    reader
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|_| DecodeError::NotXmlInside)?;
    if out.len() as u64 > limit {
        return Err(DecodeError::InflatedTooLarge {
            limit: MAX_XML_BYTES,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const XML: &str = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn raw_xml_is_detected() {
        let decoded = decode(format!("\u{feff}  {XML}\n").as_bytes()).unwrap();
        assert_eq!(decoded.form, InputForm::RawXml);
        assert_eq!(decoded.xml, XML);
    }

    #[test]
    fn wrapped_base64_with_parameter_name_is_decoded() {
        let encoded = general_purpose::STANDARD.encode(XML);
        let wrapped: Vec<String> = encoded
            .as_bytes()
            .chunks(20)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let input = format!("SAMLResponse={}&RelayState=abc", wrapped.join("\r\n"));
        let decoded = decode(input.as_bytes()).unwrap();
        assert_eq!(decoded.form, InputForm::Base64);
        assert_eq!(decoded.xml, XML);
    }

    #[test]
    fn url_encoded_base64_is_decoded() {
        let encoded = general_purpose::STANDARD.encode(format!("{XML} ?>>"));
        assert!(encoded.contains('+') || encoded.contains('/') || encoded.contains('='));
        let url = encoded
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        let decoded = decode(url.as_bytes()).unwrap();
        assert_eq!(decoded.form, InputForm::UrlEncodedBase64);
        assert!(decoded.xml.starts_with(XML));
    }

    #[test]
    fn deflated_base64_is_inflated() {
        let encoded = general_purpose::STANDARD.encode(deflate(XML.as_bytes()));
        let decoded = decode(encoded.as_bytes()).unwrap();
        assert_eq!(decoded.form, InputForm::DeflatedBase64);
        assert_eq!(decoded.xml, XML);
    }

    #[test]
    fn a_deflate_bomb_is_stopped_at_the_cap() {
        let mut bomb = b"<a>".to_vec();
        bomb.extend(std::iter::repeat_n(b' ', MAX_XML_BYTES * 4));
        let encoded = general_purpose::STANDARD.encode(deflate(&bomb));
        assert!(encoded.len() < 100_000);
        assert_eq!(
            decode(encoded.as_bytes()),
            Err(DecodeError::InflatedTooLarge {
                limit: MAX_XML_BYTES
            })
        );
    }

    #[test]
    fn garbage_and_empty_input_are_refused_with_a_reason() {
        assert_eq!(decode(b"  \n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"not base64 at all!"), Err(DecodeError::NotBase64));
        let not_xml = general_purpose::STANDARD.encode("hello world, not xml");
        assert_eq!(decode(not_xml.as_bytes()), Err(DecodeError::NotXmlInside));
        assert_eq!(decode(&[0xff, 0xfe, 0x00]), Err(DecodeError::NotUtf8));
    }
}
