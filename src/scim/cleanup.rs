//! Cleanup after the lifecycle suite: deletes whatever the suite created and did not
//! delete (found by id, or by name when the create answer was lost), within a time budget,
//! after a pass, a failure, a timeout or a cancel alike, and names anything left behind.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use super::check_id::CheckId;
use super::check_results::{CheckResult, Leftover};

use super::client::is_2xx;
use super::probe::SuiteEnv;
use super::scim_json::{self, Body, list_response, resource_id};
use super::sink::Sink;
use crate::verdict::Verdict;

/// The longest a single cleanup request may take, whatever the request timeout.
const CLEANUP_STEP: Duration = Duration::from_secs(5);

/// Deletes whatever the suite created and did not delete, within `budget`, and records the
/// result: "nothing left behind" or each leftover by id and name.
pub async fn cleanup(env: &SuiteEnv, sink: &Sink, budget: Duration) {
    let started = Instant::now();
    let to_clean = sink.outstanding();
    if to_clean.is_empty() {
        return;
    }
    let deadline = started + budget;
    // Groups first: a group may still hold the user.
    let mut ordered = to_clean.clone();
    ordered.sort_by_key(|item| item.kind != "group");
    for item in ordered {
        if Instant::now() >= deadline {
            break;
        }
        clean_one(env, sink, &item, deadline).await;
    }
    let left = sink.outstanding();
    let result = if left.is_empty() {
        CheckResult::new(
            CheckId::LifecycleCleanup,
            "Lifecycle: cleanup",
            Verdict::Pass,
            "nothing left behind",
        )
    } else {
        let list: Vec<String> = left
            .iter()
            .map(|l| {
                format!(
                    "{} '{}' (id {})",
                    l.kind,
                    l.name,
                    l.id.as_deref().unwrap_or("unknown")
                )
            })
            .collect();
        CheckResult::new(CheckId::LifecycleCleanup, "Lifecycle: cleanup", Verdict::Fail, format!("left behind: {}", list.join(", ")))
            .with_hint("Delete these in KnowBe4 by hand (a user under Users). What KnowBe4's API does while Test Mode is on is not documented: treat them as real.")
    };
    sink.push(result, started);
}

async fn clean_one(env: &SuiteEnv, sink: &Sink, item: &Leftover, deadline: Instant) {
    let collection = if item.kind == "group" {
        "/Groups"
    } else {
        "/Users"
    };
    let id = match &item.id {
        Some(id) => id.clone(),
        None => match find_by_name(env, collection, item, deadline).await {
            Some(Some(id)) => {
                sink.identified(&item.kind, &item.name, &id);
                id
            }
            // The server says it does not exist: it was never created.
            Some(None) => return sink.forget(&item.kind, &item.name),
            None => return,
        },
    };
    let path = format!("{collection}/{id}");
    let sent = bounded(deadline, env.http.send(Method::DELETE, &path, &[], None)).await;
    if sent.is_some_and(|ex| is_2xx(ex.status) || ex.status == 404) {
        sink.deleted(&item.kind, &id);
    }
}

/// Looks an item up by name: `Some(Some(id))` found, `Some(None)` surely absent, `None` unknown.
async fn find_by_name(
    env: &SuiteEnv,
    collection: &str,
    item: &Leftover,
    deadline: Instant,
) -> Option<Option<String>> {
    let attribute = if item.kind == "group" {
        "displayName"
    } else {
        "userName"
    };
    let filter = format!("{attribute} eq \"{}\"", item.name);
    let exchange = bounded(
        deadline,
        env.http
            .send(Method::GET, collection, &[("filter", &filter)], None),
    )
    .await?;
    let Body::Json(value) =
        scim_json::classify_body(exchange.content_type.as_deref(), &exchange.body)
    else {
        return None;
    };
    let list = list_response(&value).filter(|_| is_2xx(exchange.status))?;
    let matching: Vec<String> = list
        .resources
        .iter()
        .filter(|r| {
            r.get(attribute)
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(&item.name))
        })
        .filter_map(|r| resource_id(r).ok())
        .collect();
    match matching.as_slice() {
        [] if list.total_results == 0 => Some(None),
        [id] => Some(Some(id.clone())),
        _ => None,
    }
}

async fn bounded<T, E>(
    deadline: Instant,
    request: impl Future<Output = Result<T, E>>,
) -> Option<T> {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .min(CLEANUP_STEP);
    tokio::time::timeout(left, request).await.ok()?.ok()
}
