//! Every sentence the app says about JumpCloud or KnowBe4 must trace to the vendor article or
//! the fact register (docs/sources.md). This test reads the step catalogue, the sync statuses,
//! the lock-out guard, the SCIM hints, the SAML response verdicts and the other domain files
//! that hold vendor wording, and fails on phrases the facts rule out, so a regression is
//! caught where it is written.

use kb4_setup::provisioning::mapping::{SampleUser, preview_guesses, sample_warnings};
use kb4_setup::saml::lockout;
use kb4_setup::scim::hints;
use kb4_setup::steps::knowbe4_sync::SYNC_STATUSES;
use kb4_setup::steps::{StepId, content};

/// Phrases that contradict the article or state unknown vendor behaviour as known, each with
/// the reason it is ruled out. Compared ignoring case and line breaks.
const RULED_OUT: &[(&str, &str)] = &[
    ("IdP SSO Target URL", "the KnowBe4 field is called IDP URL"),
    (
        "nobody should be archived",
        "the export is not the sync's scope",
    ),
    (
        "nobody will be archived",
        "the export is not the sync's scope",
    ),
    (
        "every user can be provisioned",
        "the export is not the sync's scope",
    ),
    (
        "will be created",
        "what sync creates depends on the bound groups",
    ),
    (
        "sync will create",
        "what sync creates depends on the bound groups",
    ),
    ("will reject", "what KnowBe4 rejects is not documented"),
    ("will skip", "what KnowBe4 skips is not documented"),
    (
        "identifies users by email",
        "KnowBe4's matching of users is not documented",
    ),
    ("does not take encrypted", "encrypted assertions: unknown"),
    (
        "does not check",
        "whether KnowBe4 checks Destination is unknown",
    ),
    (
        "compares the URL exactly",
        "KnowBe4's comparison is not documented",
    ),
    ("compares exactly", "KnowBe4's comparison is not documented"),
    (
        "KnowBe4 would accept",
        "a matching response may still be refused",
    ),
    (
        "KnowBe4 would refuse",
        "verdicts compare with the setup only",
    ),
    ("KnowBe4 expects", "verdicts compare with the setup only"),
    (
        "retries on its own",
        "JumpCloud's retry behaviour is not documented",
    ),
    (
        "retries the same way",
        "JumpCloud's retry behaviour is not documented",
    ),
    (
        "falls back to PUT",
        "JumpCloud's PATCH/PUT behaviour is not documented",
    ),
    (
        "will not follow",
        "JumpCloud's redirect behaviour is not documented",
    ),
    (
        "did not change real data",
        "the API in Test Mode is not documented",
    ),
    (
        "failing now",
        "whether KnowBe4 refuses an expired certificate is unknown",
    ),
    ("as JumpCloud's IdP certificates are", "not in the facts"),
    (
        "sent twice",
        "the article maps Employee ID to externalId only",
    ),
    (
        "First Last",
        "an empty display name's value is not documented",
    ),
    ("export the list as CSV", "console path not in the article"),
    ("name your users see", "not in the article"),
    (
        "replace the IdP certificate",
        "JumpCloud's rotation steps: link its article",
    ),
    ("SHA-256 recommended", "the article's route is SHA-1"),
    (
        "lacks the rights",
        "what a 403 means at KnowBe4 is not documented",
    ),
    (
        "problem at the provider, not in your settings",
        "not documented",
    ),
    (
        "the one filter KnowBe4 documents",
        "the filter list comes from Microsoft's tutorial",
    ),
    ("KnowBe4 will likely", "a guess"),
];

/// Lower case, line continuations and runs of whitespace folded to one space.
fn fold(text: &str) -> String {
    let joined = text.replace("\\\n", " ");
    joined
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn assert_clean(what: &str, text: &str) {
    let folded = fold(text);
    for (phrase, why) in RULED_OUT {
        assert!(
            !folded.contains(&fold(phrase)),
            "{what} says {phrase:?}, which the facts rule out ({why})"
        );
    }
}

/// The source without its unit tests (they may quote ruled-out phrases to test for them).
fn without_tests(source: &str) -> &str {
    source.split("#[cfg(test)]").next().unwrap_or(source)
}

#[test]
fn the_step_catalogue_says_nothing_the_facts_rule_out() {
    for step in StepId::ALL {
        let step_content = content(step);
        let mut text = vec![step_content.title, step_content.summary];
        text.extend(step_content.console_path);
        text.extend(step_content.guidance);
        text.extend(step_content.ticks.iter().map(|tick| tick.label));
        assert_clean(&format!("step {step:?}"), &text.join("\n"));
    }
    for status in SYNC_STATUSES {
        assert_clean(&format!("sync status {}", status.name), status.meaning);
    }
    for (option, advice) in lockout::SAML_OPTIONS {
        assert_clean(option, advice);
    }
    assert_clean("the lock-out warning", lockout::LOCKOUT_WARNING);
}

#[test]
fn hints_previews_and_warnings_say_nothing_the_facts_rule_out() {
    assert_clean("the token renewal hint", hints::TOKEN_RENEWAL);
    assert_clean("the lifecycle warning", &hints::lifecycle_warning(true));
    let user = SampleUser {
        username: "ada".into(),
        company_email: "not-an-email".into(),
        first_name: String::new(),
        user_type: "Employee".into(),
        ..SampleUser::default()
    };
    for warning in sample_warnings(&user, Some("other@example.com")) {
        assert_clean("a mapping warning", &warning.message);
    }
    for guess in preview_guesses(&user) {
        assert!(
            guess.contains("guess") || guess.contains("not documented"),
            "{guess}"
        );
        assert_clean("a preview guess", &guess);
    }
}

#[test]
fn domain_files_with_vendor_wording_say_nothing_the_facts_rule_out() {
    let files = [
        (
            "src/steps/catalog_sso.rs",
            include_str!("../src/steps/catalog_sso.rs"),
        ),
        (
            "src/steps/catalog_scim.rs",
            include_str!("../src/steps/catalog_scim.rs"),
        ),
        (
            "src/steps/catalog.rs",
            include_str!("../src/steps/catalog.rs"),
        ),
        (
            "src/steps/step_content.rs",
            include_str!("../src/steps/step_content.rs"),
        ),
        (
            "src/saml/lockout.rs",
            include_str!("../src/saml/lockout.rs"),
        ),
        ("src/scim/hints.rs", include_str!("../src/scim/hints.rs")),
        (
            "src/scim/lifecycle.rs",
            include_str!("../src/scim/lifecycle.rs"),
        ),
        ("src/scim/probe.rs", include_str!("../src/scim/probe.rs")),
        (
            "src/scim/cleanup.rs",
            include_str!("../src/scim/cleanup.rs"),
        ),
        (
            "src/scim/readonly.rs",
            include_str!("../src/scim/readonly.rs"),
        ),
        (
            "src/scim/network.rs",
            include_str!("../src/scim/network.rs"),
        ),
        (
            "src/saml_response/verdicts.rs",
            include_str!("../src/saml_response/verdicts.rs"),
        ),
        (
            "src/saml_response/acs_check.rs",
            include_str!("../src/saml_response/acs_check.rs"),
        ),
        (
            "src/provisioning/mapping.rs",
            include_str!("../src/provisioning/mapping.rs"),
        ),
        (
            "src/provisioning/preflight.rs",
            include_str!("../src/provisioning/preflight.rs"),
        ),
        (
            "src/provisioning/list_client.rs",
            include_str!("../src/provisioning/list_client.rs"),
        ),
        (
            "src/certificate/validity.rs",
            include_str!("../src/certificate/validity.rs"),
        ),
        (
            "src/certificate/rotation.rs",
            include_str!("../src/certificate/rotation.rs"),
        ),
        (
            "src/certificate/info.rs",
            include_str!("../src/certificate/info.rs"),
        ),
        (
            "src/steps/knowbe4_sync.rs",
            include_str!("../src/steps/knowbe4_sync.rs"),
        ),
        (
            "src/provisioning/list_meanings.rs",
            include_str!("../src/provisioning/list_meanings.rs"),
        ),
        (
            "src/provisioning/scope.rs",
            include_str!("../src/provisioning/scope.rs"),
        ),
        (
            "src/report/layout.rs",
            include_str!("../src/report/layout.rs"),
        ),
        (
            "src/cli/reconcile.rs",
            include_str!("../src/cli/reconcile.rs"),
        ),
        (
            "src/ui/provisioning/preflight_panel.rs",
            include_str!("../src/ui/provisioning/preflight_panel.rs"),
        ),
        (
            "src/ui/provisioning/reconcile_lists.rs",
            include_str!("../src/ui/provisioning/reconcile_lists.rs"),
        ),
        (
            "src/ui/provisioning/reconcile_panel.rs",
            include_str!("../src/ui/provisioning/reconcile_panel.rs"),
        ),
        (
            "src/ui/provisioning/scope_choice.rs",
            include_str!("../src/ui/provisioning/scope_choice.rs"),
        ),
        (
            "src/ui/steps/import_users.rs",
            include_str!("../src/ui/steps/import_users.rs"),
        ),
        (
            "src/jumpcloud/api_key.rs",
            include_str!("../src/jumpcloud/api_key.rs"),
        ),
        (
            "src/jumpcloud/error.rs",
            include_str!("../src/jumpcloud/error.rs"),
        ),
        (
            "src/jumpcloud/applications.rs",
            include_str!("../src/jumpcloud/applications.rs"),
        ),
        (
            "src/jumpcloud/verify.rs",
            include_str!("../src/jumpcloud/verify.rs"),
        ),
        (
            "src/cli/jumpcloud.rs",
            include_str!("../src/cli/jumpcloud.rs"),
        ),
        (
            "src/cli/jumpcloud_source.rs",
            include_str!("../src/cli/jumpcloud_source.rs"),
        ),
        (
            "src/ui/jumpcloud/connect_view.rs",
            include_str!("../src/ui/jumpcloud/connect_view.rs"),
        ),
        (
            "src/ui/jumpcloud/app_picker_view.rs",
            include_str!("../src/ui/jumpcloud/app_picker_view.rs"),
        ),
        (
            "src/ui/jumpcloud/verification_view.rs",
            include_str!("../src/ui/jumpcloud/verification_view.rs"),
        ),
        (
            "src/ui/jumpcloud/key_vault.rs",
            include_str!("../src/ui/jumpcloud/key_vault.rs"),
        ),
        (
            "src/provisioning/bound_scope.rs",
            include_str!("../src/provisioning/bound_scope.rs"),
        ),
        (
            "src/cli/reconcile_jumpcloud.rs",
            include_str!("../src/cli/reconcile_jumpcloud.rs"),
        ),
    ];
    for (path, source) in files {
        assert_clean(path, without_tests(source));
    }
}

#[test]
fn a_ruled_out_phrase_is_caught_across_a_line_break() {
    let source = "\"Paste it into KnowBe4's IdP SSO \\\n         Target URL field.\"";
    let folded = fold(source);
    assert!(folded.contains(&fold("IdP SSO Target URL")), "{folded}");
}
