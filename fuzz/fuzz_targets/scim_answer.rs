//! What the connection checks read from a SCIM server's answers: the body's kind, a
//! ListResponse, the ServiceProviderConfig, announced extensions, a created resource's id, an
//! error's scimType, and the status line with its Location and Retry-After headers.
//!
//! Input: the first line is the content type, the second the Location header, the third the
//! Retry-After header; the rest is the body.
#![no_main]

use kb4_setup::scim::client::HttpExchange;
use kb4_setup::scim::redirects::{Hop, RedirectStop, RedirectTrail};
use kb4_setup::scim::hints::{body_verdict, retry_after_secs, status_verdict};
use kb4_setup::scim::scim_json::{
    Body, ServiceProviderConfig, classify_body, extensions_present, list_response, resource_id,
    scim_type_is,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |b| *b == b'\n');
    let mut line = || {
        parts
            .next()
            .map(|l| String::from_utf8_lossy(l).into_owned())
    };
    let content_type = line();
    let location = line().filter(|l| !l.is_empty());
    let retry_after = line().filter(|l| !l.is_empty());
    let body = parts_rest(data);
    let classified = classify_body(content_type.as_deref(), body);
    let _ = body_verdict(&classified);
    let _ = scim_type_is(&classified, "invalidFilter");
    if let Body::Json(value) = &classified {
        let _ = list_response(value);
        let _ = ServiceProviderConfig::from_json(value).describe();
        let _ = extensions_present(value);
        let _ = resource_id(value);
    }
    let base = url::Url::parse("https://eu.knowbe4.com/scim/v2/abc/").expect("a valid base");
    // The server's Location, as a followed hop and as the reason a redirect stopped.
    let shown = location.clone().unwrap_or_default();
    let trails = [
        RedirectTrail::default(),
        RedirectTrail {
            followed: vec![Hop {
                status: 301,
                to: shown.clone(),
            }],
            stop: Some(RedirectStop::Loop { to: shown.clone() }),
        },
        RedirectTrail {
            followed: Vec::new(),
            stop: Some(RedirectStop::Downgrade { to: shown }),
        },
    ];
    for status in [200, 302, 401, 404, 429, 503] {
        for redirects in &trails {
            let exchange = HttpExchange {
                status,
                content_type: content_type.clone(),
                location: location.clone(),
                retry_after: retry_after.clone(),
                body: body.to_vec(),
                redirects: redirects.clone(),
            };
            let _ = status_verdict(&exchange, &base);
            let _ = retry_after_secs(&exchange);
            let _ = exchange.redirects.followed_note();
        }
    }
});

// The bytes after the third newline (the body), or nothing.
fn parts_rest(data: &[u8]) -> &[u8] {
    let mut rest = data;
    for _ in 0..3 {
        match rest.iter().position(|b| *b == b'\n') {
            Some(at) => rest = &rest[at + 1..],
            None => return &[],
        }
    }
    rest
}
