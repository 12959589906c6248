//! `kb4-setup inspect-response`: the offline SAML response inspector, headless.

use std::io::Read;
use std::path::Path;

use time::OffsetDateTime;

use super::InspectResponseArgs;
use super::failure::{self, Failure, Finished, Outcome};
use crate::region::Region;
use crate::saml_response::{self, Expectations, Inspection};

/// Runs the subcommand: 0 when every verdict passes or is skipped, 1 when one fails,
/// 2 when the input or the certificate cannot be read.
pub fn run(args: &InspectResponseArgs) -> Outcome {
    let inspection = inspect(args).map_err(Failure::input)?;
    if args.json {
        let json = serde_json::to_string_pretty(&inspection)
            .map_err(|error| Failure::input(format!("could not write JSON: {error}")))?;
        println!("{json}");
    } else {
        print!("{}", render_text(&inspection));
    }
    Ok(Finished::problems_if(!inspection.passed()))
}

fn inspect(args: &InspectResponseArgs) -> Result<Inspection, String> {
    let input = read_input(&args.file)?;
    if let Some(note) = args
        .fingerprint
        .as_deref()
        .and_then(crate::saml::prefix_note)
    {
        failure::note(&note);
    }
    let idp_cert_der = match &args.cert {
        Some(path) => Some(load_certificate(path)?),
        None => None,
    };
    let acs_url = match (args.region, args.saml_id.as_deref()) {
        (Some(region), Some(saml_id)) => Some(expected_acs_url(region, saml_id)?),
        _ => None,
    };
    let expectations = Expectations {
        acs_url,
        entity_id: args
            .entity_id
            .clone()
            .unwrap_or_else(|| saml_response::DEFAULT_ENTITY_ID.to_owned()),
        idp_entity_id: args.idp_entity_id.clone(),
        idp_cert_der,
        configured_fingerprint: args.fingerprint.clone(),
    };
    saml_response::inspect(&input, &expectations, OffsetDateTime::now_utc())
        .map_err(|error| error.to_string())
}

/// The ACS URL the response must be addressed to, from the shared SAML values.
fn expected_acs_url(region: Region, saml_id: &str) -> Result<String, String> {
    let input = crate::saml::parse_saml_id(saml_id).map_err(|error| error.to_string())?;
    Ok(crate::saml::acs_url(region, &input.id))
}

fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let mut input = Vec::new();
    let limit = saml_response::decode::MAX_INPUT_BYTES as u64 + 1;
    let result = if path.as_os_str() == "-" {
        std::io::stdin().take(limit).read_to_end(&mut input)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(limit).read_to_end(&mut input))
    };
    result.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    Ok(input)
}

/// The IdP certificate to verify with, through the shared certificate loader (size cap, every
/// format, a specific message for each wrong file).
fn load_certificate(path: &Path) -> Result<Vec<u8>, String> {
    let shown =
        |error: crate::certificate::CertificateError| format!("{}: {error}", path.display());
    let bytes = crate::certificate::read_file_capped(path).map_err(shown)?;
    let der = crate::certificate::first_certificate_der(&bytes).map_err(shown)?;
    saml_response::keys::verify_key_of(&der)
        .map_err(|reason| format!("{}: {reason}", path.display()))?;
    Ok(der)
}

fn render_text(inspection: &Inspection) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: Option<&str>| {
        out.push_str(&format!("{label:<26}{}\n", value.unwrap_or("-")));
    };
    line("Input form", Some(&inspection.input_form.to_string()));
    line("Issuer", inspection.issuer.as_deref());
    line("Assertion issuer", inspection.assertion_issuer.as_deref());
    line("Destination", inspection.destination.as_deref());
    line("InResponseTo", inspection.in_response_to.as_deref());
    line("Status", inspection.status.as_deref());
    line("NameID", inspection.name_id.as_deref());
    line("NameID format", inspection.name_id_format.as_deref());
    line("Recipient", inspection.recipient.as_deref());
    line(
        "Subject NotOnOrAfter",
        inspection.subject_not_on_or_after.as_deref(),
    );
    line("NotBefore", inspection.not_before.as_deref());
    line("NotOnOrAfter", inspection.not_on_or_after.as_deref());
    line("Audience", Some(&inspection.audiences.join(", ")));
    line("AuthnInstant", inspection.authn_instant.as_deref());
    line("SessionIndex", inspection.session_index.as_deref());
    line(
        "AuthnContextClassRef",
        inspection.authn_context_class_ref.as_deref(),
    );
    line("Signed", Some(&inspection.signed_parts.to_string()));
    line(
        "Embedded cert SHA-1",
        inspection.embedded_cert_sha1.as_deref(),
    );
    line(
        "Embedded cert SHA-256",
        inspection.embedded_cert_sha256.as_deref(),
    );
    let signature = match inspection.signature_valid {
        Some(true) => "valid",
        Some(false) => "INVALID",
        None => "not verified",
    };
    line("Signature", Some(signature));
    for attribute in &inspection.attributes {
        line(
            &format!("Attribute {}", attribute.name),
            Some(&attribute.values.join(", ")),
        );
    }
    out.push('\n');
    for verdict in &inspection.verdicts {
        out.push_str(&format!(
            "{}  {}: {}\n",
            verdict.status.label(),
            verdict.check.title(),
            verdict.message
        ));
        if let Some(fix) = &verdict.fix {
            out.push_str(&format!("      fix: {fix}\n"));
        }
    }
    out
}
