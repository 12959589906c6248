//! The connection checks by name: each result carries one of these, tests and the window find
//! results by it, and `check --json` and the saved settings write it as its snake_case word
//! (`users_list`, `lc_user_create`, ...), the spelling every earlier version used.

use serde::{Deserialize, Serialize};

/// One connection check, in the order a full run makes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// The run itself could not start or ended early (a panic, the overall deadline).
    Run,
    /// The token's form, before anything is sent.
    Token,
    /// Building the HTTP client (proxy, extra CA certificates).
    ClientSetup,
    /// The Tenant URL's rules.
    Url,
    Dns,
    Tcp,
    Tls,
    ServiceProviderConfig,
    UsersList,
    UsersFilter,
    GroupsList,
    GroupsFilter,
    Schemas,
    ResourceTypes,
    #[serde(rename = "lc_user_create")]
    LifecycleUserCreate,
    #[serde(rename = "lc_user_read")]
    LifecycleUserRead,
    #[serde(rename = "lc_user_update")]
    LifecycleUserUpdate,
    #[serde(rename = "lc_user_deactivate")]
    LifecycleUserDeactivate,
    #[serde(rename = "lc_group_create")]
    LifecycleGroupCreate,
    #[serde(rename = "lc_group_add")]
    LifecycleGroupAdd,
    #[serde(rename = "lc_group_remove")]
    LifecycleGroupRemove,
    #[serde(rename = "lc_group_delete")]
    LifecycleGroupDelete,
    #[serde(rename = "lc_user_delete")]
    LifecycleUserDelete,
    #[serde(rename = "lc_user_gone")]
    LifecycleUserGone,
    #[serde(rename = "lc_cleanup")]
    LifecycleCleanup,
}

impl CheckId {
    pub const ALL: [CheckId; 25] = [
        CheckId::Run,
        CheckId::Token,
        CheckId::ClientSetup,
        CheckId::Url,
        CheckId::Dns,
        CheckId::Tcp,
        CheckId::Tls,
        CheckId::ServiceProviderConfig,
        CheckId::UsersList,
        CheckId::UsersFilter,
        CheckId::GroupsList,
        CheckId::GroupsFilter,
        CheckId::Schemas,
        CheckId::ResourceTypes,
        CheckId::LifecycleUserCreate,
        CheckId::LifecycleUserRead,
        CheckId::LifecycleUserUpdate,
        CheckId::LifecycleUserDeactivate,
        CheckId::LifecycleGroupCreate,
        CheckId::LifecycleGroupAdd,
        CheckId::LifecycleGroupRemove,
        CheckId::LifecycleGroupDelete,
        CheckId::LifecycleUserDelete,
        CheckId::LifecycleUserGone,
        CheckId::LifecycleCleanup,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_ids_keep_the_json_words_of_earlier_versions() {
        let words: Vec<String> = CheckId::ALL
            .iter()
            .map(|id| {
                serde_json::to_string(id)
                    .unwrap()
                    .trim_matches('"')
                    .to_owned()
            })
            .collect();
        assert_eq!(
            words,
            [
                "run",
                "token",
                "client_setup",
                "url",
                "dns",
                "tcp",
                "tls",
                "service_provider_config",
                "users_list",
                "users_filter",
                "groups_list",
                "groups_filter",
                "schemas",
                "resource_types",
                "lc_user_create",
                "lc_user_read",
                "lc_user_update",
                "lc_user_deactivate",
                "lc_group_create",
                "lc_group_add",
                "lc_group_remove",
                "lc_group_delete",
                "lc_user_delete",
                "lc_user_gone",
                "lc_cleanup",
            ]
        );
        for id in CheckId::ALL {
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(serde_json::from_str::<CheckId>(&json).unwrap(), id);
        }
        assert!(serde_json::from_str::<CheckId>("\"UsersList\"").is_err());
    }
}
