//! A linear pre-scan of the response XML that refuses shapes no IdP sends and that would make
//! parsing slow.
//!
//! The XML parser checks each attribute against every earlier attribute of the same element
//! (duplicates are an error) and copies the namespaces in scope into every element that
//! declares a new one, so both costs grow with the square of a count. A real SAML element has
//! a handful of attributes and a response has fewer than a dozen namespace prefixes in scope;
//! capping both keeps the whole inspection linear in the size of the input.

use std::collections::HashMap;

/// Attributes (namespace declarations included) on one element.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;
/// Distinct namespace prefixes declared on an element and its ancestors.
pub const MAX_NAMESPACES_IN_SCOPE: usize = 24;

/// A count past its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excess {
    Attributes,
    NamespacesInScope,
}

/// Scans `xml` once and reports the first count past its limit. Malformed XML is left to the
/// parser, which says what is wrong with it; the scan only needs to count well-formed parts
/// correctly.
pub fn check(xml: &str) -> Result<(), Excess> {
    let bytes = xml.as_bytes();
    let mut scope = Scope::default();
    let mut index = 0;
    while let Some(offset) = memchr(b'<', &bytes[index..]) {
        index += offset;
        let rest = &bytes[index..];
        index = if rest.starts_with(b"<!--") {
            skip_past(bytes, index + 4, b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_past(bytes, index + 9, b"]]>")
        } else if rest.starts_with(b"<?") {
            skip_past(bytes, index + 2, b"?>")
        } else if rest.starts_with(b"</") {
            scope.close();
            skip_past(bytes, index + 2, b">")
        } else if rest.starts_with(b"<!") {
            skip_past(bytes, index + 2, b">")
        } else {
            let tag = start_tag(xml, index + 1);
            if tag.attributes > MAX_ATTRIBUTES_PER_ELEMENT {
                return Err(Excess::Attributes);
            }
            scope.open(tag.declared);
            if scope.distinct() > MAX_NAMESPACES_IN_SCOPE {
                return Err(Excess::NamespacesInScope);
            }
            if tag.self_closing {
                scope.close();
            }
            tag.end
        };
    }
    Ok(())
}

/// The namespace prefixes declared by the open elements.
#[derive(Default)]
struct Scope<'a> {
    /// Prefix → how many open elements declare it.
    declared: HashMap<&'a str, usize>,
    /// The prefixes each open element declared, innermost last.
    frames: Vec<Vec<&'a str>>,
}

impl<'a> Scope<'a> {
    fn open(&mut self, prefixes: Vec<&'a str>) {
        for prefix in &prefixes {
            *self.declared.entry(prefix).or_insert(0) += 1;
        }
        self.frames.push(prefixes);
    }

    fn close(&mut self) {
        for prefix in self.frames.pop().unwrap_or_default() {
            if let Some(count) = self.declared.get_mut(prefix) {
                *count -= 1;
                if *count == 0 {
                    self.declared.remove(prefix);
                }
            }
        }
    }

    fn distinct(&self) -> usize {
        self.declared.len()
    }
}

struct StartTag<'a> {
    attributes: usize,
    /// Prefixes of the `xmlns:p` declarations ("" for `xmlns`).
    declared: Vec<&'a str>,
    self_closing: bool,
    /// Index just past the tag.
    end: usize,
}

// Reads a start tag from just after its `<`: the name, then `name="value"` pairs (values may
// hold `>`), up to `>` or `/>`.
fn start_tag(xml: &str, from: usize) -> StartTag<'_> {
    let bytes = xml.as_bytes();
    let mut tag = StartTag {
        attributes: 0,
        declared: Vec::new(),
        self_closing: false,
        end: bytes.len(),
    };
    let mut index = skip_while(bytes, from, |b| !is_space(b) && b != b'>' && b != b'/');
    loop {
        index = skip_while(bytes, index, is_space);
        match bytes.get(index) {
            None => return tag,
            Some(b'>') => {
                tag.end = index + 1;
                return tag;
            }
            Some(b'/') => {
                tag.self_closing = true;
                index += 1;
                continue;
            }
            Some(_) => {}
        }
        let name_end = skip_while(bytes, index, |b| !is_space(b) && b != b'=' && b != b'>');
        let name = xml.get(index..name_end).unwrap_or("");
        tag.attributes += 1;
        if name == "xmlns" {
            tag.declared.push("");
        } else if let Some(prefix) = name.strip_prefix("xmlns:") {
            tag.declared.push(prefix);
        }
        index = skip_while(bytes, name_end, |b| is_space(b) || b == b'=');
        match bytes.get(index) {
            Some(&quote @ (b'"' | b'\'')) => {
                index = skip_past(bytes, index + 1, &[quote]);
            }
            // Not well-formed: stop counting, the parser reports it.
            _ => {
                tag.end = skip_past(bytes, index, b">");
                return tag;
            }
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_while(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    let mut index = from.min(bytes.len());
    while index < bytes.len() && keep(bytes[index]) {
        index += 1;
    }
    index
}

// The index just past the first `needle` at or after `from` (the end when there is none).
fn skip_past(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    let from = from.min(bytes.len());
    let Some(first) = needle.first() else {
        return from;
    };
    let mut index = from;
    while let Some(offset) = memchr(*first, &bytes[index..]) {
        let at = index + offset;
        if bytes[at..].starts_with(needle) {
            return at + needle.len();
        }
        index = at + 1;
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element_with_attributes(count: usize) -> String {
        let attributes: String = (0..count).map(|i| format!(" a{i}=\"v>\"")).collect();
        format!("<r{attributes}/>")
    }

    #[test]
    fn attributes_are_counted_per_element_up_to_the_limit() {
        assert_eq!(
            check(&element_with_attributes(MAX_ATTRIBUTES_PER_ELEMENT)),
            Ok(())
        );
        assert_eq!(
            check(&element_with_attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)),
            Err(Excess::Attributes)
        );
        // Many elements with a few attributes each are fine.
        let many = element_with_attributes(8).repeat(1000);
        assert_eq!(check(&format!("<doc>{many}</doc>")), Ok(()));
    }

    #[test]
    fn namespaces_count_along_the_open_path_only() {
        let nested: String = (0..=MAX_NAMESPACES_IN_SCOPE)
            .map(|i| format!("<e xmlns:p{i}=\"urn:{i}\">"))
            .collect();
        assert_eq!(check(&nested), Err(Excess::NamespacesInScope));
        // Siblings each declaring their own prefix never have more than one in scope.
        let siblings: String = (0..1000)
            .map(|i| format!("<e xmlns:p{i}=\"urn:{i}\"></e><f xmlns:q{i}='u'/>"))
            .collect();
        assert_eq!(check(&format!("<doc>{siblings}</doc>")), Ok(()));
        // The same prefix declared again and again counts once.
        let redeclared = "<e xmlns:p=\"urn:p\">".repeat(1000);
        assert_eq!(check(&redeclared), Ok(()));
    }

    #[test]
    fn markup_inside_comments_cdata_and_values_is_not_counted() {
        let inside = element_with_attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1);
        for xml in [
            format!("<r><!--{inside}--></r>"),
            format!("<r><![CDATA[{inside}]]></r>"),
            format!("<r><?pi {inside}?></r>"),
            format!("<r a='{}'/>", inside.replace('\'', "").replace('<', "&lt;")),
        ] {
            assert_eq!(check(&xml), Ok(()), "{xml}");
        }
    }

    #[test]
    fn truncated_or_malformed_input_is_left_to_the_parser() {
        for xml in [
            "<", "<a", "<a b", "<a b=", "<a b=\"", "<!--", "<a></", "</a>", "<a =x>",
        ] {
            assert_eq!(check(xml), Ok(()), "{xml}");
        }
    }
}
