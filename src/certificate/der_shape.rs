//! Recognises what a DER blob is from its ASN.1 outline alone (tags, lengths, a few OIDs), so a
//! private key, a CSR or a PKCS#12 file is named without ever interpreting the key inside.

/// What a DER structure that is not a parseable certificate looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DerShape {
    Pkcs12,
    Pkcs7,
    PrivateKey,
    EncryptedPrivateKey,
    PublicKey,
    CertificateRequest,
    RevocationList,
    /// Certificate, TBS, algorithm, signature, but the content did not parse: a damaged one.
    DamagedCertificate,
    Unknown,
}

const TAG_INTEGER: u8 = 0x02;
const TAG_BIT_STRING: u8 = 0x03;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_OID: u8 = 0x06;
const TAG_UTC_TIME: u8 = 0x17;
const TAG_GENERALIZED_TIME: u8 = 0x18;
const TAG_SEQUENCE: u8 = 0x30;
const TAG_CONTEXT_0: u8 = 0xA0;
/// 1.2.840.113549.1.7: the PKCS#7 content types (data, signedData, ...).
const OID_PKCS7_PREFIX: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07];
const MAX_CHILDREN: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
}

/// Classifies `der`, which is known not to be a valid certificate.
pub(crate) fn classify(der: &[u8]) -> DerShape {
    if let Some(shape) = classify_by_prefix(der) {
        return shape;
    }
    let Some((outer, _)) = read_tlv(der) else {
        return DerShape::Unknown;
    };
    if outer.tag != TAG_SEQUENCE {
        return DerShape::Unknown;
    }
    let Some(items) = children(outer.content) else {
        return DerShape::Unknown;
    };
    classify_sequence(&items)
}

/// PKCS#12 and PKCS#7 are often BER with indefinite lengths, so look at their first bytes only.
fn classify_by_prefix(der: &[u8]) -> Option<DerShape> {
    let inner = skip_header(der, TAG_SEQUENCE)?;
    if let Some(after_version) = inner.strip_prefix(&[TAG_INTEGER, 0x01, 0x03]) {
        let content_info = skip_header(after_version, TAG_SEQUENCE)?;
        let oid = skip_header(content_info, TAG_OID)?;
        return oid
            .starts_with(OID_PKCS7_PREFIX)
            .then_some(DerShape::Pkcs12);
    }
    let oid = skip_header(inner, TAG_OID)?;
    oid.starts_with(OID_PKCS7_PREFIX).then_some(DerShape::Pkcs7)
}

fn classify_sequence(items: &[Tlv<'_>]) -> DerShape {
    let tags: Vec<u8> = items.iter().map(|item| item.tag).collect();
    let first_int = items
        .first()
        .filter(|item| item.tag == TAG_INTEGER)
        .map(|item| item.content);
    match (first_int, tags.as_slice()) {
        // PKCS#1 RSA (9 integers) or OpenSSL DSA (6 integers), version 0.
        (Some([0]), tags) if tags.len() >= 6 && tags.iter().all(|t| *t == TAG_INTEGER) => {
            DerShape::PrivateKey
        }
        // PKCS#1 RSA public key: modulus and exponent.
        (Some(_), [TAG_INTEGER, TAG_INTEGER]) => DerShape::PublicKey,
        // PKCS#8 / RFC 5958: version, algorithm, key.
        (Some([0] | [1]), [TAG_INTEGER, TAG_SEQUENCE, TAG_OCTET_STRING, ..]) => {
            DerShape::PrivateKey
        }
        // SEC1 EC private key: version 1, key.
        (Some([1]), [TAG_INTEGER, TAG_OCTET_STRING, ..]) => DerShape::PrivateKey,
        (None, [TAG_SEQUENCE, TAG_OCTET_STRING]) if starts_with_oid(&items[0]) => {
            DerShape::EncryptedPrivateKey
        }
        (None, [TAG_SEQUENCE, TAG_BIT_STRING]) if starts_with_oid(&items[0]) => DerShape::PublicKey,
        (None, [TAG_SEQUENCE, TAG_SEQUENCE, TAG_BIT_STRING]) => classify_signed(&items[0]),
        _ => DerShape::Unknown,
    }
}

/// A signed structure (CSR, CRL or certificate): tell them apart by the signed part's outline.
fn classify_signed(signed: &Tlv<'_>) -> DerShape {
    let Some(items) = children(signed.content) else {
        return DerShape::DamagedCertificate;
    };
    let tags: Vec<u8> = items.iter().map(|item| item.tag).collect();
    if let [TAG_INTEGER, TAG_SEQUENCE, TAG_SEQUENCE, TAG_CONTEXT_0] = tags.as_slice()
        && items[0].content == [0]
    {
        return DerShape::CertificateRequest;
    }
    let has_time = tags
        .iter()
        .any(|t| matches!(*t, TAG_UTC_TIME | TAG_GENERALIZED_TIME));
    if has_time {
        return DerShape::RevocationList;
    }
    DerShape::DamagedCertificate
}

fn starts_with_oid(item: &Tlv<'_>) -> bool {
    item.content.first() == Some(&TAG_OID)
}

fn children(mut content: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut items = Vec::new();
    while !content.is_empty() {
        if items.len() == MAX_CHILDREN {
            return None;
        }
        let (item, rest) = read_tlv(content)?;
        items.push(item);
        content = rest;
    }
    Some(items)
}

/// Reads one definite-length TLV; `None` for anything malformed.
fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (length, rest) = read_length(rest)?;
    if rest.len() < length {
        return None;
    }
    let (content, rest) = rest.split_at(length);
    Some((Tlv { tag, content }, rest))
}

fn read_length(input: &[u8]) -> Option<(usize, &[u8])> {
    let (&first, rest) = input.split_first()?;
    if first < 0x80 {
        return Some((usize::from(first), rest));
    }
    let count = usize::from(first & 0x7F);
    if count == 0 || count > 4 || rest.len() < count {
        return None;
    }
    let (bytes, rest) = rest.split_at(count);
    let length = bytes
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    Some((length, rest))
}

/// Skips the tag and length (definite or indefinite) of a header with the expected tag.
fn skip_header(input: &[u8], tag: u8) -> Option<&[u8]> {
    let rest = input.strip_prefix(&[tag])?;
    let (&first, rest) = rest.split_first()?;
    if first <= 0x80 {
        return Some(rest);
    }
    let count = usize::from(first & 0x7F);
    rest.get(count..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths_and_refuses_overruns() {
        let (tlv, rest) = read_tlv(&[0x04, 0x02, 0xAA, 0xBB, 0xCC]).unwrap();
        assert_eq!(tlv.content, [0xAA, 0xBB]);
        assert_eq!(rest, [0xCC]);
        let long = [0x04, 0x81, 0x01, 0xAA];
        assert_eq!(read_tlv(&long).unwrap().0.content, [0xAA]);
        assert!(read_tlv(&[0x04, 0x05, 0x00]).is_none());
        assert!(read_tlv(&[0x04, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(read_tlv(&[]).is_none());
    }

    #[test]
    fn outlines_of_keys_are_recognised() {
        // SEQUENCE { INTEGER 1, OCTET STRING {..} }: a SEC1 EC private key outline.
        let sec1 = [0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0x00];
        assert_eq!(classify(&sec1), DerShape::PrivateKey);
        // SEQUENCE { SEQUENCE { OID }, BIT STRING }: a public key outline.
        let spki = [
            0x30, 0x09, 0x30, 0x03, 0x06, 0x01, 0x2A, 0x03, 0x02, 0x00, 0x00,
        ];
        assert_eq!(classify(&spki), DerShape::PublicKey);
        // SEQUENCE { SEQUENCE { OID }, OCTET STRING }: an encrypted PKCS#8 outline.
        let encrypted = [
            0x30, 0x09, 0x30, 0x03, 0x06, 0x01, 0x2A, 0x04, 0x02, 0x00, 0x00,
        ];
        assert_eq!(classify(&encrypted), DerShape::EncryptedPrivateKey);
    }

    #[test]
    fn pkcs12_and_pkcs7_are_recognised_by_their_first_bytes() {
        let mut pkcs12 = vec![0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80, 0x06, 0x09];
        pkcs12.extend_from_slice(OID_PKCS7_PREFIX);
        pkcs12.push(0x01);
        assert_eq!(classify(&pkcs12), DerShape::Pkcs12);
        let mut pkcs7 = vec![0x30, 0x82, 0x01, 0x00, 0x06, 0x09];
        pkcs7.extend_from_slice(OID_PKCS7_PREFIX);
        pkcs7.push(0x02);
        assert_eq!(classify(&pkcs7), DerShape::Pkcs7);
    }

    #[test]
    fn random_bytes_are_unknown() {
        assert_eq!(classify(&[0xFF, 0x00, 0x13]), DerShape::Unknown);
        assert_eq!(classify(&[0x30]), DerShape::Unknown);
    }
}
