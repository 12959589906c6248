//! `kb4-setup fingerprint FILE [--json]`: what the IdP certificate step shows about a
//! certificate, for terminals and scripts.

use serde::Serialize;
use time::OffsetDateTime;

use super::FingerprintArgs;
use super::failure::{Failure, Finished, Outcome};
use crate::certificate::{CertificateInfo, Validity, load_path};

/// The JSON document: every field of [`CertificateInfo`], plus validity at the time of the run.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    file: String,
    #[serde(flatten)]
    certificate: &'a CertificateInfo,
    key: String,
    validity: Validity,
    validity_message: String,
    recommended_fingerprint: &'static str,
    selector_advice: String,
}

pub fn run(args: &FingerprintArgs) -> Outcome {
    // The same message the window shows, so instructions match.
    let info = load_path(&args.file).map_err(|error| Failure::input(error.to_string()))?;
    let validity = info.validity(OffsetDateTime::now_utc());
    let output = if args.json {
        json(args, &info, validity)
    } else {
        text(&info, validity)
    };
    println!("{output}");
    Ok(Finished::Clean)
}

fn json(args: &FingerprintArgs, info: &CertificateInfo, validity: Validity) -> String {
    let report = JsonReport {
        file: args.file.display().to_string(),
        certificate: info,
        key: info.key_summary(),
        validity,
        validity_message: validity.message(),
        recommended_fingerprint: info.recommended_fingerprint().selector_label(),
        selector_advice: info.selector_advice(),
    };
    // Serialising plain strings and numbers cannot fail; fall back to an empty object anyway.
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_owned())
}

fn text(info: &CertificateInfo, validity: Validity) -> String {
    let self_signed = if info.self_signed { "yes" } else { "no" };
    let mut lines = vec![
        format!("Subject:        {}", info.subject),
        format!("Issuer:         {}", info.issuer),
        format!("Serial:         {}", info.serial),
        format!("Valid from:     {}", info.not_before),
        format!("Valid until:    {}", info.not_after),
        format!("Validity:       {}", validity.message()),
        format!("Key:            {}", info.key_summary()),
        format!("Signature:      {}", info.signature_algorithm),
        format!("Self-signed:    {self_signed}"),
        format!("Certificates:   {}", info.certificate_count),
        format!("SHA-1:          {}", info.sha1),
        format!("SHA-256:        {}", info.sha256),
        String::new(),
        info.selector_advice(),
    ];
    lines.extend(
        info.warnings
            .iter()
            .map(|warning| format!("Warning: {warning}")),
    );
    lines.join("\n")
}
