use rcgen::{CertificateParams, DnType, KeyPair, PKCS_ECDSA_P256_SHA256};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::jumpcloud::applications::SamlConfig;
use crate::saml::parse_saml_id;

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);
const ACS: &str = "https://training.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback";
const IDP_URL: &str = "https://sso.jumpcloud.com/saml2/knowbe4";

fn pem(from: OffsetDateTime, until: OffsetDateTime) -> String {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "JumpCloud");
    params.not_before = from;
    params.not_after = until;
    params.self_signed(&key).unwrap().pem()
}

fn current_pem() -> String {
    pem(NOW - Duration::days(100), NOW + Duration::days(900))
}

/// The PEM's base64 body on one line, as a bare value.
fn bare_base64(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

fn app(certificate: Option<String>) -> Application {
    Application {
        id: "app1".into(),
        name: "knowbe4".into(),
        label: "KnowBe4".into(),
        sso_url: Some(IDP_URL.into()),
        organization: Some("org1".into()),
        saml: SamlConfig {
            acs_url: Some(ACS.into()),
            sp_entity_id: Some("KnowBe4".into()),
            idp_entity_id: Some("JumpCloud".into()),
            idp_certificate: certificate,
            sign_assertion: Some(true),
            sign_response: Some(false),
            idp_cert_expiration_at: None,
        },
    }
}

fn expected(certificate: Option<&str>) -> Expected {
    let info = certificate.map(|c| load_bytes(c.as_bytes()).unwrap());
    Expected {
        region: Some(Region::Us),
        saml_id: Some(parse_saml_id("Ab12Cd34Ef5").unwrap().id),
        entity_id: "KnowBe4".into(),
        idp_url: Some(IDP_URL.into()),
        idp_entity_id: Some("JumpCloud".into()),
        fingerprint: info.as_ref().map(|i| i.sha256.clone()),
        certificate: info,
    }
}

fn status_of(verification: &Verification, field: FindingField) -> Verdict {
    verification
        .findings
        .iter()
        .find(|f| f.field == field)
        .unwrap_or_else(|| panic!("no {field} finding in {verification:?}"))
        .status
}

#[test]
fn a_right_setup_passes_every_field_with_a_pem_certificate() {
    let cert = current_pem();
    let verification = verify(&app(Some(cert.clone())), None, &expected(Some(&cert)), NOW);
    for finding in &verification.findings {
        assert_eq!(finding.status, Verdict::Pass, "{finding:?}");
        assert!(finding.fix.is_empty(), "{finding:?}");
    }
    assert!(!verification.has_failures());
    let summary = verification.certificate.unwrap();
    assert_eq!(summary.sha256, load_bytes(cert.as_bytes()).unwrap().sha256);
    assert_eq!(summary.source, Some(CertificateSource::Config));
    assert!(summary.expires.unwrap().starts_with("2028-"));
}

#[test]
fn a_bare_base64_certificate_is_read_as_the_loader_reads_it() {
    let cert = current_pem();
    let verification = verify(
        &app(Some(bare_base64(&cert))),
        None,
        &expected(Some(&cert)),
        NOW,
    );
    assert_eq!(
        status_of(&verification, FindingField::IdpCertificate),
        Verdict::Pass
    );
    assert_eq!(
        status_of(&verification, FindingField::Fingerprint),
        Verdict::Pass
    );
    assert!(
        verification
            .certificate
            .unwrap()
            .pem
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
}

#[test]
fn the_certificate_comes_from_metadata_when_the_config_has_none() {
    let cert = current_pem();
    let metadata = IdpMetadata {
        entity_id: Some("JumpCloud".into()),
        certificate_base64: Some(bare_base64(&cert)),
        sso_location: Some(IDP_URL.into()),
    };
    let verification = verify(&app(None), Some(&metadata), &expected(Some(&cert)), NOW);
    assert!(!verification.has_failures(), "{}", verification.to_text());
    assert_eq!(
        verification.certificate.unwrap().source,
        Some(CertificateSource::Metadata)
    );
    let nothing = verify(&app(None), None, &expected(Some(&cert)), NOW);
    assert_eq!(
        status_of(&nothing, FindingField::IdpCertificate),
        Verdict::Warn
    );
}

#[test]
fn acs_url_with_wrong_region_placeholder_or_no_callback_fails() {
    let setup = expected(None);
    let pass = acs_finding(Some(ACS), &setup);
    assert_eq!(pass.status, Verdict::Pass);
    let eu = acs_finding(
        Some("https://eu.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback"),
        &setup,
    );
    assert_eq!(eu.status, Verdict::Fail);
    assert!(eu.fix.contains(Region::Eu.display_name()), "{}", eu.fix);
    assert_eq!(eu.expected, ACS);
    let placeholder = acs_finding(
        Some("https://training.knowbe4.com/auth/saml/{SAML_ACCOUNT_ID}/callback"),
        &setup,
    );
    assert_eq!(placeholder.status, Verdict::Fail);
    assert!(
        placeholder.fix.contains("{SAML_ACCOUNT_ID}"),
        "{}",
        placeholder.fix
    );
    let sign_in = acs_finding(
        Some("https://training.knowbe4.com/auth/saml/Ab12Cd34Ef5/"),
        &setup,
    );
    assert_eq!(sign_in.status, Verdict::Fail);
    assert!(sign_in.fix.contains("/callback"), "{}", sign_in.fix);
    assert_eq!(acs_finding(None, &setup).status, Verdict::Fail);
    let unknown = Expected::default();
    assert_eq!(acs_finding(Some(ACS), &unknown).status, Verdict::Warn);
    let no_callback = acs_finding(Some("https://training.knowbe4.com/x"), &unknown);
    assert_eq!(no_callback.status, Verdict::Fail);
}

#[test]
fn sp_entity_id_right_and_wrong() {
    assert_eq!(
        sp_entity_finding(Some("KnowBe4"), "KnowBe4").status,
        Verdict::Pass
    );
    let wrong = sp_entity_finding(Some("knowbe4"), "KnowBe4");
    assert_eq!(wrong.status, Verdict::Fail);
    assert_eq!(
        (wrong.expected.as_str(), wrong.actual.as_str()),
        ("KnowBe4", "knowbe4")
    );
    assert_eq!(sp_entity_finding(None, "KnowBe4").status, Verdict::Fail);
}

#[test]
fn sso_url_right_wrong_and_unknown() {
    assert_eq!(
        sso_url_finding(Some(IDP_URL), Some(IDP_URL)).status,
        Verdict::Pass
    );
    let wrong = sso_url_finding(Some(IDP_URL), Some("https://sso.jumpcloud.com/saml2/other"));
    assert_eq!(wrong.status, Verdict::Fail);
    assert!(wrong.fix.contains(IDP_URL), "{}", wrong.fix);
    assert_eq!(sso_url_finding(Some(IDP_URL), None).status, Verdict::Warn);
    assert_eq!(sso_url_finding(None, Some(IDP_URL)).status, Verdict::Warn);
}

#[test]
fn idp_entity_id_right_wrong_and_disagreeing_with_metadata() {
    assert_eq!(
        idp_entity_finding(Some("JumpCloud"), None, Some("JumpCloud")).status,
        Verdict::Pass
    );
    assert_eq!(
        idp_entity_finding(Some("JumpCloud"), None, Some("jumpcloud")).status,
        Verdict::Fail
    );
    assert_eq!(
        idp_entity_finding(Some("JumpCloud"), None, None).status,
        Verdict::Warn
    );
    assert_eq!(
        idp_entity_finding(Some("JumpCloud"), Some("Other"), Some("JumpCloud")).status,
        Verdict::Warn
    );
    assert_eq!(
        idp_entity_finding(None, Some("JumpCloud"), Some("JumpCloud")).status,
        Verdict::Pass
    );
    let disagreeing = idp_entity_finding(Some("JumpCloud"), Some("Other"), None);
    assert!(
        !disagreeing.fix.contains("save it again"),
        "{}",
        disagreeing.fix
    );
}

#[test]
fn every_fix_names_the_step_its_finding_counts_against() {
    // The setup's IdP Entity ID is entered on Validate SSO: the finding and its fix agree.
    for finding in [
        idp_entity_finding(Some("JumpCloud"), None, Some("jumpcloud")),
        idp_entity_finding(Some("JumpCloud"), None, None),
    ] {
        assert_eq!(finding.step(), StepId::ValidateSso);
        assert!(finding.fix.contains("Validate SSO step"), "{}", finding.fix);
    }
    let certificate = load_bytes(current_pem().as_bytes()).unwrap();
    let loaded = loaded_file_finding(&certificate, None);
    assert_eq!(loaded.step(), StepId::IdpCertificate);
    assert!(
        loaded.fix.contains("IdP certificate step"),
        "{}",
        loaded.fix
    );
    let url = sso_url_finding(Some(IDP_URL), None);
    assert!(
        url.fix.contains("JumpCloud SSO settings step"),
        "{}",
        url.fix
    );
    // "Single sign-on" is a group of steps, not a step to go to.
    let verification = verify(&app(Some(current_pem())), None, &Expected::default(), NOW);
    for finding in &verification.findings {
        assert!(
            !finding.fix.contains("Single sign-on step"),
            "{}",
            finding.fix
        );
        assert!(!finding.fix.contains("validation step"), "{}", finding.fix);
        let title = finding.step().title();
        assert!(!title.is_empty());
    }
}

#[test]
fn an_old_certificate_pem_and_fingerprint_fail() {
    let now_in_jumpcloud = current_pem();
    let old = pem(NOW - Duration::days(800), NOW + Duration::days(200));
    let verification = verify(
        &app(Some(now_in_jumpcloud)),
        None,
        &expected(Some(&old)),
        NOW,
    );
    assert_eq!(
        status_of(&verification, FindingField::IdpCertificate),
        Verdict::Fail
    );
    assert_eq!(
        status_of(&verification, FindingField::Fingerprint),
        Verdict::Fail
    );
    assert!(verification.has_failures());
    let info = load_bytes(current_pem().as_bytes()).unwrap();
    assert_eq!(
        fingerprint_finding(&info, Some(&info.sha1)).status,
        Verdict::Pass
    );
    assert_eq!(fingerprint_finding(&info, None).status, Verdict::Warn);
    let not_hex = fingerprint_finding(&info, Some("zz"));
    assert_eq!(not_hex.status, Verdict::Fail);
    assert_eq!(loaded_file_finding(&info, None).status, Verdict::Warn);
}

#[test]
fn an_expired_or_expiring_certificate_is_named_with_days() {
    let expired =
        load_bytes(pem(NOW - Duration::days(400), NOW - Duration::days(3)).as_bytes()).unwrap();
    let finding = expiry_finding(Some(&expired), None, NOW);
    assert_eq!(finding.status, Verdict::Fail);
    assert!(finding.actual.contains("3 days ago"), "{}", finding.actual);
    assert!(finding.fix.contains("EXPIRED"), "{}", finding.fix);
    let valid = load_bytes(current_pem().as_bytes()).unwrap();
    let soon = expiry_finding(Some(&valid), Some("2026-06-21T12:00:00Z"), NOW);
    assert_eq!(soon.status, Verdict::Warn);
    assert!(soon.actual.contains("20 days left"), "{}", soon.actual);
    let from_millis = expiry_finding(None, Some("1893456000000"), NOW);
    assert_eq!(from_millis.status, Verdict::Pass, "{from_millis:?}");
    assert!(
        from_millis.actual.starts_with("2030-01-01"),
        "{}",
        from_millis.actual
    );
    assert_eq!(
        expiry_finding(None, Some("soon"), NOW).status,
        Verdict::Warn
    );
    assert_eq!(
        expiry_finding(Some(&valid), None, NOW).status,
        Verdict::Pass
    );
}

#[test]
fn an_unreadable_certificate_is_a_finding_not_a_panic() {
    let verification = verify(
        &app(Some("not a certificate".into())),
        None,
        &expected(None),
        NOW,
    );
    assert_eq!(
        status_of(&verification, FindingField::IdpCertificate),
        Verdict::Fail
    );
    assert!(verification.certificate.is_none());
}

#[test]
fn assertion_signing_follows_the_config() {
    assert_eq!(signing_finding(Some(true), None).status, Verdict::Pass);
    assert_eq!(
        signing_finding(Some(false), Some(true)).status,
        Verdict::Warn
    );
    assert_eq!(signing_finding(None, None).status, Verdict::Warn);
    // No source gives the console label of this setting: it is named by what it does and its
    // API key.
    let fix = signing_finding(Some(false), None).fix;
    assert!(fix.contains("signAssertion"), "{fix}");
    assert!(!fix.contains("Tick Sign Assertion"), "{fix}");
}

#[test]
fn the_json_has_the_contract_names_only() {
    let cert = current_pem();
    let verification = verify(&app(Some(cert.clone())), None, &expected(Some(&cert)), NOW);
    let json = serde_json::to_value(&verification).unwrap();
    assert_eq!(json["application"]["id"], "app1");
    assert_eq!(json["application"]["label"], "KnowBe4");
    let finding = &json["findings"][0];
    for key in ["field", "status", "expected", "actual", "fix"] {
        assert!(finding.get(key).is_some(), "{key} missing in {finding}");
    }
    assert_eq!(finding["status"], "pass");
    let certificate = json["certificate"].as_object().unwrap();
    let mut keys: Vec<&String> = certificate.keys().collect();
    keys.sort();
    assert_eq!(keys, ["expires", "sha1", "sha256"]);
}

#[test]
fn every_finding_field_belongs_to_its_step() {
    let steps: Vec<(FindingField, StepId)> = FindingField::ALL
        .into_iter()
        .map(|field| (field, field.step()))
        .collect();
    assert_eq!(
        steps,
        [
            (FindingField::AcsUrl, StepId::JumpCloudSso),
            (FindingField::SpEntityId, StepId::JumpCloudSso),
            (FindingField::SsoUrl, StepId::KnowBe4Saml),
            (FindingField::IdpEntityId, StepId::ValidateSso),
            (FindingField::IdpCertificate, StepId::IdpCertificate),
            (FindingField::MetadataCertificate, StepId::JumpCloudSso),
            (FindingField::Fingerprint, StepId::KnowBe4Saml),
            (FindingField::CertificateExpiry, StepId::IdpCertificate),
            (FindingField::SignAssertion, StepId::JumpCloudSso),
        ]
    );
}

#[test]
fn finding_fields_keep_their_names_in_json() {
    let names: Vec<String> = FindingField::ALL
        .into_iter()
        .map(|field| serde_json::to_string(&field).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "\"acsUrl\"",
            "\"spEntityId\"",
            "\"ssoUrl\"",
            "\"idpEntityId\"",
            "\"idpCertificate\"",
            "\"metadata.xml\"",
            "\"IdP Cert Fingerprint\"",
            "\"sso.idpCertExpirationAt\"",
            "\"signAssertion\"",
        ]
    );
    for field in FindingField::ALL {
        let json = serde_json::to_string(&field).unwrap();
        assert_eq!(serde_json::from_str::<FindingField>(&json).unwrap(), field);
        assert_eq!(field.to_string(), field.name());
    }
    assert!(serde_json::from_str::<FindingField>("\"acsurl\"").is_err());
}
