use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::json;

use super::*;
use crate::provisioning::jumpcloud_rows::UserState;
use crate::provisioning::jumpcloud_rows::{GraphItem, SystemUserItem};

/// Lists served from memory, paged as JumpCloud pages them; every request is recorded.
struct MemoryLists {
    graph: HashMap<String, Vec<serde_json::Value>>,
    users: Vec<serde_json::Value>,
    asked: Mutex<Vec<String>>,
}

impl MemoryLists {
    fn new(groups: usize, in_scope: &[usize], directory: usize) -> Self {
        let users = (0..directory)
            .map(|n| {
                json!({"_id": format!("u{n:04}"), "username": format!("user{n}"),
                       "email": format!("user{n}@example.com"), "firstname": "F",
                       "lastname": "L", "state": if n % 10 == 3 { "STAGED" } else { "ACTIVATED" }})
            })
            .collect();
        let mut graph = HashMap::new();
        graph.insert(
            "/api/v2/applications/app1/usergroups".to_owned(),
            (0..groups)
                .map(|g| json!({"id": format!("g{g}"), "type": "user_group"}))
                .collect(),
        );
        graph.insert(
            "/api/v2/applications/app1/users".to_owned(),
            in_scope
                .iter()
                .map(|n| json!({"id": format!("u{n:04}"), "type": "user", "paths": []}))
                .collect(),
        );
        Self {
            graph,
            users,
            asked: Mutex::new(Vec::new()),
        }
    }
}

impl MemoryLists {
    fn page<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
        all: Option<&Vec<serde_json::Value>>,
        skip: u64,
    ) -> PageFuture<T> {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(path.to_owned());
        }
        let result = match all {
            Some(all) => {
                let items: Vec<serde_json::Value> =
                    all.iter().skip(skip as usize).take(100).cloned().collect();
                serde_json::from_value(serde_json::Value::Array(items))
                    .map(|items| ListPage {
                        items,
                        total: Some(all.len() as u64),
                    })
                    .map_err(|e| e.to_string())
            }
            None => Err(format!("404 for {path}")),
        };
        Box::pin(std::future::ready(result))
    }
}

impl ListSource for MemoryLists {
    fn graph_page(&self, path: &str, skip: u64) -> PageFuture<GraphItem> {
        self.page(path, self.graph.get(path), skip)
    }

    fn system_users_page(&self, skip: u64) -> PageFuture<SystemUserItem> {
        self.page("systemusers", Some(&self.users), skip)
    }
}

fn app() -> ScopeApplication {
    ScopeApplication {
        id: "app1".into(),
        label: "KnowBe4".into(),
    }
}

fn read(lists: &MemoryLists) -> Result<BoundScope, ScopeReadError> {
    read_bound_scope(
        lists,
        app(),
        ScopePaging::default(),
        &AtomicBool::new(false),
        &ScopeProgress::default(),
    )
}

#[test]
fn reads_the_bound_groups_users_with_their_details() {
    let in_scope: Vec<usize> = (0..1000).filter(|n| n % 3 == 0).collect();
    let lists = MemoryLists::new(2, &in_scope, 1000);
    let scope = read(&lists).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scope.groups.len(), 2);
    assert_eq!(scope.users.rows.len(), in_scope.len());
    assert_eq!(scope.users.rows[1].username, "user3");
    assert_eq!(scope.users.states[1], UserState::Staged);
    assert!(scope.is_complete(), "{:?}", scope.reads);
    let outcome = scope.outcome(300, 34);
    assert_eq!(
        outcome.scope.kind,
        crate::provisioning::scope::ScopeKind::Jumpcloud
    );
    assert!(
        outcome.scope.description.contains("'KnowBe4' (id app1)"),
        "{}",
        outcome.scope.description
    );
    let asked = lists.asked.lock().map(|a| a.clone()).unwrap_or_default();
    assert_eq!(
        asked.iter().filter(|p| p.ends_with("usergroups")).count(),
        1
    );
    assert_eq!(asked.iter().filter(|p| *p == "systemusers").count(), 10);
}

#[test]
fn an_application_without_bound_groups_is_named_in_the_refusal() {
    let lists = MemoryLists::new(0, &[], 10);
    let error = read(&lists)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("no user group is bound"), "{error}");
    assert!(error.contains("'KnowBe4' (id app1)"), "{error}");
}

#[test]
fn groups_that_reach_nobody_are_refused() {
    let lists = MemoryLists::new(1, &[], 10);
    assert!(matches!(
        read(&lists),
        Err(ScopeReadError::NoUsers { groups: 1, .. })
    ));
}

#[test]
fn a_client_error_ends_the_read_with_its_words() {
    let mut lists = MemoryLists::new(1, &[1], 10);
    lists.graph.remove("/api/v2/applications/app1/users");
    let error = read(&lists)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(error, "JumpCloud: 404 for /api/v2/applications/app1/users");
}

#[test]
fn an_application_id_cannot_leave_its_path_segment() {
    assert_eq!(path_segment("5f3a-b_9"), "5f3a-b_9");
    assert_eq!(
        path_segment("../../systemusers?x"),
        "%2E%2E%2F%2E%2E%2Fsystemusers%3Fx"
    );
}
