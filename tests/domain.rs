//! The library's tests, one binary: certificates, SAML responses, SCIM checks and lifecycle,
//! provisioning, the JumpCloud API client, the keychain, the report and the vendor wording.
//! Run one part with a filter, e.g. `cargo test --test domain domain::report_golden::`.

mod support;

mod domain {
    mod certificate_formats;
    mod certificate_proptest;
    mod certificate_wrong_files;
    mod jumpcloud_api;
    mod keychain;
    mod provisioning_csv;
    mod provisioning_paging;
    mod provisioning_reconcile;
    mod report_golden;
    mod saml_response_hostile;
    mod saml_response_inspect;
    mod saml_response_wrapping;
    mod saml_response_xmlsec;
    mod scim_checks;
    mod scim_lifecycle;
    mod vendor_wording;
}
