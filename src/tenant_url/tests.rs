use super::*;
use TenantUrlProblem as P;
use TenantUrlWarning as W;

const GOOD: &str = "https://training.knowbe4.com/scim/v2/abc123";

fn qf(query: bool, fragment: bool) -> TenantUrlProblem {
    P::QueryOrFragment { query, fragment }
}

/// Inputs that are refused: the problems found, and the one-click fix if any.
#[test]
fn refusals_table() {
    let http = |host: &str| P::PlainHttp {
        host: host.to_string(),
    };
    let cases: Vec<(&str, Vec<TenantUrlProblem>, Option<&str>)> = vec![
        ("", vec![P::Empty], None),
        (" \n\t", vec![P::Empty], None),
        (
            " https://eu.knowbe4.com/scim",
            vec![P::SurroundingWhitespace],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "https://eu.knowbe4.com/scim\n",
            vec![P::SurroundingWhitespace],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "https://eu.knowbe4.com/scim/",
            vec![P::TrailingSlash],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "https://eu.knowbe4.com/",
            vec![P::TrailingSlash],
            Some("https://eu.knowbe4.com"),
        ),
        (
            "https://eu.knowbe4.com/scim//",
            vec![P::TrailingSlash],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "https://eu.knowbe4.com/scim?x=1",
            vec![qf(true, false)],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "https://eu.knowbe4.com/scim#top",
            vec![qf(false, true)],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "https://eu.knowbe4.com/scim?x=1#top",
            vec![qf(true, true)],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "  https://eu.knowbe4.com/scim/?a#b \r\n",
            vec![P::SurroundingWhitespace, qf(true, true), P::TrailingSlash],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "http://eu.knowbe4.com/scim",
            vec![http("eu.knowbe4.com")],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "http://eu.knowbe4.com/scim/",
            vec![P::TrailingSlash, http("eu.knowbe4.com")],
            Some("https://eu.knowbe4.com/scim"),
        ),
        (
            "http://10.0.0.1:8080/scim",
            vec![http("10.0.0.1")],
            Some("https://10.0.0.1:8080/scim"),
        ),
        (
            "ftp://eu.knowbe4.com/scim",
            vec![P::UnsupportedScheme {
                scheme: "ftp".into(),
            }],
            None,
        ),
        (
            "https://user:pw@eu.knowbe4.com/scim",
            vec![P::Credentials],
            None,
        ),
        (
            "https://eu.know be4.com/scim",
            vec![P::InnerWhitespace { position: 16 }],
            None,
        ),
        (
            "https://eu.knowbe4.com/sc\nim",
            vec![P::InnerWhitespace { position: 26 }],
            None,
        ),
        (
            "eu.knowbe4.com/scim",
            vec![P::NotAUrl {
                reason: "relative URL without a base".into(),
            }],
            None,
        ),
        (
            "https://",
            vec![P::NotAUrl {
                reason: "empty host".into(),
            }],
            None,
        ),
        ("mailto:someone@knowbe4.com", vec![P::NoHost], None),
    ];
    for (input, problems, fixed) in cases {
        let TenantUrlCheck::Refused(refusal) = check_tenant_url(input, Some(Region::Eu)) else {
            panic!("{input:?} was accepted");
        };
        assert_eq!(refusal.problems, problems, "{input:?}");
        assert_eq!(refusal.fixed.as_deref(), fixed, "{input:?}");
        if let Some(fixed) = fixed {
            assert!(
                matches!(
                    check_tenant_url(fixed, Some(Region::Eu)),
                    TenantUrlCheck::Ok { .. }
                ),
                "the fix {fixed:?} for {input:?} must itself pass"
            );
            assert!(
                refusal
                    .message()
                    .ends_with(&format!("Corrected URL: {fixed}"))
            );
        }
    }
}

/// Inputs that are accepted: the warnings shown for the chosen region.
#[test]
fn accepted_table() {
    let not_kb4 = |host: &str| W::NotKnowBe4Host {
        host: host.to_string(),
    };
    let loopback = |host: &str| W::PlainHttpLoopback {
        host: host.to_string(),
    };
    let cases: Vec<(&str, Option<Region>, Vec<TenantUrlWarning>)> = vec![
        (GOOD, Some(Region::Us), vec![]),
        (GOOD, None, vec![]),
        ("https://eu.knowbe4.com/scim/v2/x", Some(Region::Eu), vec![]),
        ("https://api.eu.knowbe4.com/scim", Some(Region::Eu), vec![]),
        ("https://EU.KnowBe4.com/scim", Some(Region::Eu), vec![]),
        ("https://knowbe4.com/scim", Some(Region::Uk), vec![]),
        // A knowbe4.com host of no known region: the format is unknown, so no guess.
        ("https://scim.knowbe4.com/v2", Some(Region::De), vec![]),
        (
            "https://eu.knowbe4.com/scim",
            Some(Region::Us),
            vec![W::RegionMismatch {
                host: "eu.knowbe4.com".into(),
                chosen: Region::Us,
                host_region: Region::Eu,
            }],
        ),
        (
            "https://knowbe4.com.evil.example/scim",
            Some(Region::Us),
            vec![not_kb4("knowbe4.com.evil.example")],
        ),
        (
            "https://notknowbe4.com/scim",
            None,
            vec![not_kb4("notknowbe4.com")],
        ),
        (
            "https://10.1.2.3:8443/scim",
            Some(Region::Us),
            vec![not_kb4("10.1.2.3")],
        ),
        (
            "http://127.0.0.1:8080/scim/v2",
            Some(Region::Us),
            vec![loopback("127.0.0.1")],
        ),
        ("http://127.8.9.10/scim", None, vec![loopback("127.8.9.10")]),
        ("http://localhost:3000", None, vec![loopback("localhost")]),
        ("http://LocalHost:3000/x", None, vec![loopback("localhost")]),
        ("http://[::1]:9000/scim", None, vec![loopback("[::1]")]),
        ("https://127.0.0.1:8443/scim", Some(Region::Eu), vec![]),
    ];
    for (input, region, warnings) in cases {
        match check_tenant_url(input, region) {
            TenantUrlCheck::Ok { url, warnings: got } => {
                assert_eq!(got, warnings, "{input:?}");
                assert_eq!(url.as_str(), input, "the accepted text is kept as typed");
            }
            TenantUrlCheck::Refused(refusal) => panic!("{input:?} refused: {refusal}"),
        }
    }
}

#[test]
fn plain_http_is_refused_for_hosts_that_only_look_local() {
    for input in [
        "http://localhost.example.com/x",
        "http://128.0.0.1/x",
        "http://[::2]/x",
    ] {
        let TenantUrlCheck::Refused(refusal) = check_tenant_url(input, None) else {
            panic!("{input:?} accepted");
        };
        assert!(
            matches!(refusal.problems[..], [P::PlainHttp { .. }]),
            "{input:?}"
        );
    }
}

#[test]
fn warnings_name_the_host_and_both_regions() {
    let TenantUrlCheck::Ok { warnings, .. } =
        check_tenant_url("https://uk.knowbe4.com/scim", Some(Region::De))
    else {
        panic!("refused");
    };
    let message = warnings[0].to_string();
    for part in ["uk.knowbe4.com", "United Kingdom (UK)", "Germany (DE)"] {
        assert!(message.contains(part), "{message} lacks {part}");
    }
}

#[test]
fn normalized_lowercases_scheme_and_host_and_keeps_port_and_path() {
    let cases = [
        (
            "HTTPS://EU.KnowBe4.com/SCIM/v2/AbC",
            "https://eu.knowbe4.com/SCIM/v2/AbC",
        ),
        ("https://eu.knowbe4.com", "https://eu.knowbe4.com"),
        ("https://eu.knowbe4.com:443/x", "https://eu.knowbe4.com/x"),
        ("http://LOCALHOST:8080/a", "http://localhost:8080/a"),
        ("http://[::1]:9/a", "http://[::1]:9/a"),
    ];
    for (input, normalized) in cases {
        let url = TenantUrl::parse(input).unwrap();
        assert_eq!(url.normalized(), normalized, "{input:?}");
    }
    assert!(
        TenantUrl::parse("http://127.0.0.1:1/x")
            .unwrap()
            .is_loopback()
    );
    assert!(!TenantUrl::parse(GOOD).unwrap().is_loopback());
}

#[test]
fn serde_round_trips_and_refuses_a_bad_url() {
    let url = TenantUrl::parse(GOOD).unwrap();
    let json = serde_json::to_string(&url).unwrap();
    assert_eq!(json, format!("\"{GOOD}\""));
    assert_eq!(serde_json::from_str::<TenantUrl>(&json).unwrap(), url);
    assert!(serde_json::from_str::<TenantUrl>("\"https://eu.knowbe4.com/\"").is_err());
}

#[test]
fn refusal_message_lists_every_problem() {
    let refusal = TenantUrl::parse(" https://eu.knowbe4.com/x/?q ").unwrap_err();
    let message = refusal.to_string();
    assert!(
        message.contains("spaces or line breaks around it"),
        "{message}"
    );
    assert!(message.contains("query string"), "{message}");
    assert!(message.contains("trailing '/'"), "{message}");
}

#[test]
fn both_public_shapes_of_tenant_host_are_accepted_without_warnings() {
    // The format is not documented: public code shows a console host and an API host.
    for input in [
        "https://training.knowbe4.com/scim/v2",
        "https://us.api.knowbe4.com/scim/v2",
        "https://eu.api.knowbe4.com/scim/v2/abc",
    ] {
        match check_tenant_url(input, None) {
            TenantUrlCheck::Ok { warnings, .. } => assert!(warnings.is_empty(), "{input}"),
            TenantUrlCheck::Refused(refusal) => panic!("{input}: {refusal}"),
        }
    }
}

/// The rules as the connection checks report them (the text of the problems and warnings).
mod as_the_checks_report_them {
    use super::*;

    #[test]
    fn a_knowbe4_https_url_passes_cleanly() {
        let url = TenantUrl::parse("https://training.knowbe4.com/scim/v2/abc").unwrap();
        assert!(url.warnings(None).is_empty(), "{url:?}");
    }

    #[test]
    fn each_broken_rule_is_an_error() {
        for bad in [
            "http://eu.knowbe4.com/scim",
            "https://eu.knowbe4.com/scim/",
            "https://eu.knowbe4.com/scim?x=1",
            "https://eu.knowbe4.com/scim#top",
            " https://eu.knowbe4.com/scim",
            "https://eu.knowbe4.com/scim\n",
            "https://user:pw@eu.knowbe4.com/scim",
            "ftp://eu.knowbe4.com/scim",
            "eu.knowbe4.com/scim",
        ] {
            let refusal = TenantUrl::parse(bad).expect_err(bad);
            assert!(!refusal.problems_text().is_empty(), "{bad:?} should fail");
        }
    }

    #[test]
    fn loopback_http_is_a_warning_and_other_hosts_are_warned_about() {
        let url = TenantUrl::parse("http://127.0.0.1:8080/scim/v2").unwrap();
        assert_eq!(url.warnings(None).len(), 1);
        let url = TenantUrl::parse("https://scim.example.com/v2").unwrap();
        assert!(warnings_text(&url.warnings(None)).contains("scim.example.com"));
    }

    #[test]
    fn the_warnings_of_a_parsed_url_are_those_of_the_check() {
        for input in [
            GOOD,
            "http://127.0.0.1:8080/scim/v2",
            "http://localhost/scim",
            "https://scim.example.com/v2",
            "https://eu.knowbe4.com/scim/v2/x",
        ] {
            for region in [None, Some(Region::Us), Some(Region::Eu)] {
                let TenantUrlCheck::Ok { url, warnings } = check_tenant_url(input, region) else {
                    panic!("{input} refused");
                };
                assert_eq!(url.warnings(region), warnings, "{input} {region:?}");
            }
        }
    }
}
