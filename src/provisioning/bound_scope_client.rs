//! [`ListSource`] over the JumpCloud client: each page is a request of its own on a clone
//! of the client (they share its connections), so several can be in flight at once.

use super::bound_scope::{ListPage, ListSource, PageFuture};
use super::jumpcloud_rows::{GraphItem, SystemUserItem};
use crate::jumpcloud::JumpCloudClient;

impl ListSource for JumpCloudClient {
    fn graph_page(&self, path: &str, skip: u64) -> PageFuture<GraphItem> {
        let (client, path) = (self.clone(), path.to_owned());
        Box::pin(async move {
            let what = graph_what(&path);
            client
                .get_v2_page::<GraphItem>(what, &path, &[], skip)
                .await
                .map(|page| ListPage {
                    items: page.items,
                    total: page.total_count,
                })
                .map_err(|error| error.to_string())
        })
    }

    fn system_users_page(&self, skip: u64) -> PageFuture<SystemUserItem> {
        let client = self.clone();
        Box::pin(async move {
            client
                .get_v1_page::<SystemUserItem>(
                    "the list of users",
                    "/api/systemusers",
                    &[("fields", SYSTEM_USER_FIELDS)],
                    skip,
                )
                .await
                .map(|page| ListPage {
                    items: page.results,
                    total: page.total_count,
                })
                .map_err(|error| error.to_string())
        })
    }
}

/// The user fields the comparison reads, space separated as JumpCloud's v1 API specification
/// gives `fields` for `/systemusers` ("The space separated fields included in the returned
/// records") and as JumpCloud's PowerShell module sends it (`Invoke-JCApi`). A server that
/// ignores it sends more, which the parser skips.
pub const SYSTEM_USER_FIELDS: &str = "_id id username email firstname lastname state suspended";

/// How messages name a graph list.
fn graph_what(path: &str) -> &'static str {
    if path.ends_with("/usergroups") {
        "the user groups bound to the application"
    } else {
        "the users reached through the application's bound groups"
    }
}
