//! The lifecycle suite (explicit opt-in), imitating JumpCloud's Activate: create a test user,
//! read it back, change its first name, deactivate it, (with groups: create a group, add and
//! remove the user, delete the group) and delete the user. Everything created is noted in the
//! sink before the request is sent, and [`super::cleanup::cleanup`] deletes whatever is still there, after a
//! failure, a timeout or a cancel alike.

use reqwest::Method;
use serde_json::{Value, json};

use super::check_id::CheckId;
use super::check_results::Leftover;

use super::client::is_2xx;
use super::hints::AnswerVerdict;
use super::probe::{Answer, Probe, SuiteEnv};
use super::readonly::ReadonlyFindings;
use super::scim_json::{Body, GROUP_SCHEMA, PATCH_OP, USER_SCHEMA, resource_id};
use super::sink::Sink;
use crate::verdict::Verdict;

const GIVEN_NAME: &str = "KB4Setup";
const PATCHED_GIVEN_NAME: &str = "KB4SetupPatched";

/// The ids of every lifecycle check, in order: a failure skips the rest.
pub const STEPS: [(CheckId, &str); 10] = [
    (CheckId::LifecycleUserCreate, "Lifecycle: create test user"),
    (CheckId::LifecycleUserRead, "Lifecycle: read test user back"),
    (CheckId::LifecycleUserUpdate, "Lifecycle: change first name"),
    (
        CheckId::LifecycleUserDeactivate,
        "Lifecycle: deactivate (active=false)",
    ),
    (
        CheckId::LifecycleGroupCreate,
        "Lifecycle: create test group",
    ),
    (CheckId::LifecycleGroupAdd, "Lifecycle: add user to group"),
    (
        CheckId::LifecycleGroupRemove,
        "Lifecycle: remove user from group",
    ),
    (
        CheckId::LifecycleGroupDelete,
        "Lifecycle: delete test group",
    ),
    (CheckId::LifecycleUserDelete, "Lifecycle: delete test user"),
    (
        CheckId::LifecycleUserGone,
        "Lifecycle: deleted user is gone",
    ),
];

fn user_body(user_name: &str, given_name: &str, active: bool) -> Value {
    json!({
        "schemas": [USER_SCHEMA],
        "userName": user_name,
        "name": {"givenName": given_name, "familyName": "Test"},
        "displayName": format!("{given_name} Test"),
        "emails": [{"value": user_name, "type": "work", "primary": true}],
        "active": active,
    })
}

fn patch_body(operations: Value) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": operations})
}

/// Judges a create: 201 (or 200) with a string id.
fn created(exchange_status: u16, body: &Body, what: &str) -> Option<AnswerVerdict> {
    if exchange_status == 409 {
        return Some(AnswerVerdict::fail(
            format!("the test {what} already exists (409 Conflict)"),
            "Use a new, unique test email. The existing one was not touched.",
        ));
    }
    if !is_2xx(exchange_status) {
        return None;
    }
    Some(match body {
        Body::Json(value) => match resource_id(value) {
            Ok(id) => AnswerVerdict::pass(format!("created with id {id}")),
            Err(problem) => AnswerVerdict::fail(
                problem,
                "JumpCloud needs a string id in the create answer to manage the user later.",
            ),
        },
        other => super::hints::body_verdict(other),
    })
}

fn accepted(status: u16, body: &Body, action: &str) -> Option<AnswerVerdict> {
    if !is_2xx(status) {
        return None;
    }
    if let Body::Html = body {
        return Some(super::hints::body_verdict(body));
    }
    Some(AnswerVerdict::pass(format!("{action} (HTTP {status})")))
}

fn unsupported(status: u16) -> bool {
    matches!(status, 405 | 501)
}

/// Runs the steps. Stops at the first failure; the runner then calls [`super::cleanup::cleanup`].
pub async fn run(env: &SuiteEnv, sink: &Sink, user_name: &str, findings: &ReadonlyFindings) {
    if !findings.token_ok {
        return skip_from(env, sink, 0, "the token proof failed");
    }
    let Some(user_id) = create_user(env, sink, user_name).await else {
        return skip_from(env, sink, 1, "the test user was not created");
    };
    let path = format!("/Users/{user_id}");
    let read = env
        .probe(
            sink,
            Probe::get(STEPS[1].0, STEPS[1].1, path.clone()),
            |ex, body| {
                let Body::Json(value) = body else {
                    return accepted(ex.status, body, "read");
                };
                let name = value
                    .get("userName")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                is_2xx(ex.status).then(|| {
                    if name.eq_ignore_ascii_case(user_name) {
                        AnswerVerdict::pass(format!("read back as {name}"))
                    } else {
                        AnswerVerdict::fail(
                            format!("read back with userName '{name}'"),
                            "The server changed or lost the userName it was given.",
                        )
                    }
                })
            },
        )
        .await;
    if !passed(&read) {
        return skip_from(env, sink, 2, "an earlier lifecycle step failed");
    }
    let mut use_put = findings.patch_supported == Some(false);
    for (step, active, given) in [
        (2, true, PATCHED_GIVEN_NAME),
        (3, false, PATCHED_GIVEN_NAME),
    ] {
        let (ok, patch_unsupported) =
            update_user(env, sink, step, &path, user_name, given, active, use_put).await;
        use_put |= patch_unsupported;
        if !ok {
            return skip_from(env, sink, step + 1, "an earlier lifecycle step failed");
        }
    }
    if !run_groups(env, sink, &user_id).await {
        return skip_from(env, sink, 8, "an earlier lifecycle step failed");
    }
    delete_user(env, sink, &path, &user_id).await;
}

async fn create_user(env: &SuiteEnv, sink: &Sink, user_name: &str) -> Option<String> {
    // Noted before sending: should the answer never come, cleanup still looks for it by name.
    sink.created(Leftover {
        kind: "user".into(),
        id: None,
        name: user_name.to_owned(),
    });
    let probe = Probe::get(STEPS[0].0, STEPS[0].1, "/Users")
        .with_method(Method::POST, Some(user_body(user_name, GIVEN_NAME, true)));
    let answer = env
        .probe(sink, probe, |ex, body| created(ex.status, body, "user"))
        .await;
    if answer.as_ref().is_some_and(|a| a.exchange.status == 409) {
        // It existed before: it is not ours to delete.
        sink.forget("user", user_name);
    }
    let answer = answer.filter(|a| a.status == Verdict::Pass)?;
    let Body::Json(value) = &answer.body else {
        return None;
    };
    let id = resource_id(value).ok()?;
    sink.identified("user", user_name, &id);
    Some(id)
}

/// One update, by PATCH or by PUT when PATCH is unsupported. Returns (passed, PATCH unsupported).
#[allow(clippy::too_many_arguments)]
async fn update_user(
    env: &SuiteEnv,
    sink: &Sink,
    step: usize,
    path: &str,
    user_name: &str,
    given: &str,
    active: bool,
    use_put: bool,
) -> (bool, bool) {
    let (id, name) = STEPS[step];
    let put = || {
        Probe::get(id, name, path)
            .with_method(Method::PUT, Some(user_body(user_name, given, active)))
    };
    if use_put {
        let answer = env
            .probe(sink, put(), |ex, body| {
                accepted(ex.status, body, "updated with PUT")
            })
            .await;
        return (passed(&answer), true);
    }
    let operation = if active {
        json!([{"op": "replace", "path": "name.givenName", "value": given}])
    } else {
        json!([{"op": "replace", "path": "active", "value": false}])
    };
    let patch = Probe::get(id, name, path).with_method(Method::PATCH, Some(patch_body(operation)));
    let answer = env
        .probe(sink, patch, |ex, body| {
            if unsupported(ex.status) {
                return Some(AnswerVerdict::warn(
                    format!("PATCH is not supported (HTTP {}); trying PUT", ex.status),
                    "What JumpCloud's connector does when PATCH is refused is not documented.",
                ));
            }
            accepted(ex.status, body, "updated with PATCH")
        })
        .await;
    if answer
        .as_ref()
        .is_some_and(|a| unsupported(a.exchange.status))
    {
        let answer = env
            .probe(sink, put(), |ex, body| {
                accepted(ex.status, body, "updated with PUT")
            })
            .await;
        return (passed(&answer), true);
    }
    (passed(&answer), false)
}

/// Groups, when on: create, add the user, remove them, delete. Returns false on a failure.
async fn run_groups(env: &SuiteEnv, sink: &Sink, user_id: &str) -> bool {
    if !env.groups {
        for &(id, name) in &STEPS[4..8] {
            env.skip(sink, id, name, "group management is off");
        }
        return true;
    }
    let group_name = format!("kb4-setup-test-{}", super::probe::random_hex(6));
    sink.created(Leftover {
        kind: "group".into(),
        id: None,
        name: group_name.clone(),
    });
    let body = json!({"schemas": [GROUP_SCHEMA], "displayName": group_name, "members": []});
    let probe = Probe::get(STEPS[4].0, STEPS[4].1, "/Groups").with_method(Method::POST, Some(body));
    let answer = env
        .probe(sink, probe, |ex, body| created(ex.status, body, "group"))
        .await;
    if answer.as_ref().is_some_and(|a| a.exchange.status == 409) {
        sink.forget("group", &group_name);
    }
    let group_id = match answer.filter(|a| a.status == Verdict::Pass).map(|a| a.body) {
        Some(Body::Json(value)) => resource_id(&value).ok(),
        _ => None,
    };
    let Some(group_id) = group_id else {
        skip_range(env, sink, 5..8, "the test group was not created");
        return false;
    };
    sink.identified("group", &group_name, &group_id);
    let path = format!("/Groups/{group_id}");
    let add = patch_body(json!([{"op": "add", "path": "members", "value": [{"value": user_id}]}]));
    let remove =
        patch_body(json!([{"op": "remove", "path": format!("members[value eq \"{user_id}\"]")}]));
    for (step, body, action) in [(5, add, "user added"), (6, remove, "user removed")] {
        let probe = Probe::get(STEPS[step].0, STEPS[step].1, path.clone())
            .with_method(Method::PATCH, Some(body));
        if !passed(
            &env.probe(sink, probe, |ex, b| accepted(ex.status, b, action))
                .await,
        ) {
            skip_range(env, sink, step + 1..8, "an earlier group step failed");
            return false;
        }
    }
    let probe = Probe::get(STEPS[7].0, STEPS[7].1, path).with_method(Method::DELETE, None);
    let answer = env
        .probe(sink, probe, |ex, b| accepted(ex.status, b, "group deleted"))
        .await;
    if passed(&answer) {
        sink.deleted("group", &group_id);
    }
    passed(&answer)
}

async fn delete_user(env: &SuiteEnv, sink: &Sink, path: &str, user_id: &str) {
    let probe = Probe::get(STEPS[8].0, STEPS[8].1, path).with_method(Method::DELETE, None);
    let answer = env
        .probe(sink, probe, |ex, b| {
            if unsupported(ex.status) {
                return Some(AnswerVerdict::fail(
                    format!("DELETE is not supported (HTTP {})", ex.status),
                    "The test user was not deleted: delete it by hand in KnowBe4 (Users). What \
                     KnowBe4 does with a deprovisioned user is not documented.",
                ));
            }
            accepted(ex.status, b, "user deleted")
        })
        .await;
    if !passed(&answer) {
        return env.skip(sink, STEPS[9].0, STEPS[9].1, "the delete failed");
    }
    sink.deleted("user", user_id);
    env.probe(sink, Probe::get(STEPS[9].0, STEPS[9].1, path), |ex, _| {
        Some(match ex.status {
            404 => AnswerVerdict::pass("404 after the delete, as expected"),
            status => AnswerVerdict::warn(
                format!("HTTP {status} after the delete"),
                "The server still answers for a deleted user (whether DELETE archives or deletes \
                 in KnowBe4 is not documented); check Users in KnowBe4.",
            ),
        })
    })
    .await;
}

fn passed(answer: &Option<Answer>) -> bool {
    answer.as_ref().is_some_and(|a| a.status != Verdict::Fail)
}

fn skip_from(env: &SuiteEnv, sink: &Sink, first: usize, reason: &str) {
    skip_range(env, sink, first..STEPS.len(), reason);
}

fn skip_range(env: &SuiteEnv, sink: &Sink, range: std::ops::Range<usize>, reason: &str) {
    for &(id, name) in &STEPS[range] {
        if !sink.has(id) {
            env.skip(sink, id, name, reason);
        }
    }
}
