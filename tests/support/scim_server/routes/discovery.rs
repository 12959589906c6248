//! The SCIM discovery documents the test server serves: ServiceProviderConfig, Schemas and
//! ResourceTypes, with or without the KnowBe4 extension.

use serde_json::{Value, json};

use super::{ENTERPRISE, KNOWBE4, LIST};

pub(super) fn service_provider_config() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": 200}, "changePassword": {"supported": false},
        "sort": {"supported": false}, "etag": {"supported": false},
        "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "token"}]
    })
}

pub(super) fn schemas(without_kb4: bool) -> Value {
    let mut ids = vec![
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        ENTERPRISE,
    ];
    if !without_kb4 {
        ids.push(KNOWBE4);
    }
    let resources: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id, "attributes": []}))
        .collect();
    json!({"schemas": [LIST], "totalResults": resources.len(), "Resources": resources})
}

pub(super) fn resource_types(without_kb4: bool) -> Value {
    let mut extensions = vec![json!({"schema": ENTERPRISE, "required": false})];
    if !without_kb4 {
        extensions.push(json!({"schema": KNOWBE4, "required": false}));
    }
    json!({"schemas": [LIST], "totalResults": 2, "Resources": [
        {"id": "User", "name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User", "schemaExtensions": extensions},
        {"id": "Group", "name": "Group", "endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}
    ]})
}
