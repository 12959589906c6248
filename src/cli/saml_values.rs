//! `kb4-setup saml-values --region R --saml-id ID [--entity-id ID] [--json]`: the values to type
//! into JumpCloud, computed by the same functions the window uses.

use serde::Serialize;

use super::SamlValuesArgs;
use super::failure::{Failure, Finished, Outcome};
use crate::saml::{SamlValues, parse_saml_id};

#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    values: &'a SamlValues,
    saml_id_extracted_from_url: bool,
    notes: &'a [String],
}

pub fn run(args: &SamlValuesArgs) -> Outcome {
    let input = parse_saml_id(&args.saml_id).map_err(|error| Failure::input(error.to_string()))?;
    let values = SamlValues::compute(args.region, &input.id, args.entity_id.as_deref())
        .map_err(|error| Failure::input(error.to_string()))?;
    let mut notes: Vec<String> = input.extraction_note().into_iter().collect();
    if let Some(url_region) = input.url_region.filter(|region| *region != args.region) {
        notes.push(format!(
            "The URL you pasted is on the {} console but --region is {}: check which region \
             your KnowBe4 account is in.",
            url_region.code().to_uppercase(),
            args.region.code()
        ));
    }
    let output = if args.json {
        let report = JsonReport {
            values: &values,
            saml_id_extracted_from_url: input.extracted_from_url,
            notes: &notes,
        };
        serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_owned())
    } else {
        text(&values, &notes)
    };
    println!("{output}");
    Ok(Finished::Clean)
}

fn text(values: &SamlValues, notes: &[String]) -> String {
    let mut lines: Vec<String> = notes.iter().map(|note| format!("Note: {note}")).collect();
    lines.extend([
        format!("Region:                      {}", values.region),
        format!("SAML ID:                     {}", values.saml_id),
        String::new(),
        "In JumpCloud (SSO tab):".to_owned(),
        format!("  ACS URL:                   {}", values.acs_url),
        format!(
            "  Default RelayState:        replace {{SAML_ACCOUNT_ID}} with {}",
            values.relay_state
        ),
        format!("  SP Entity ID:              {}", values.entity_id),
        String::new(),
        format!("SP-initiated sign-in URL:    {}", values.sign_in_url),
        format!(
            "Admin bypass login URL:      {}",
            values.admin_bypass_login_url
        ),
    ]);
    lines.join("\n")
}
