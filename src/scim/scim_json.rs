//! Reading SCIM answers: what kind of body came back, ListResponses, the ServiceProviderConfig,
//! and which schema extensions a tenant announces.

use serde_json::Value;

pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const ENTERPRISE_EXTENSION: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const KNOWBE4_EXTENSION: &str = "urn:ietf:params:scim:schemas:extension:knowbe4:kmsat:2.0:User";

/// What kind of body a response carried.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(Value),
    /// An HTML page: a login page or a proxy's page, not an API answer.
    Html,
    /// Looks like JSON but does not parse; the parser's message.
    Malformed(String),
    Empty,
    /// Anything else (plain text and the like).
    Text,
}

/// Sorts a response body by its content type and first bytes.
pub fn classify_body(content_type: Option<&str>, body: &[u8]) -> Body {
    let content_type = content_type.unwrap_or("").to_ascii_lowercase();
    let start = String::from_utf8_lossy(&body[..body.len().min(64)])
        .trim_start()
        .to_ascii_lowercase();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Body::Empty;
    }
    if content_type.contains("html") || start.starts_with("<!doctype") || start.starts_with("<html")
    {
        return Body::Html;
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value) => Body::Json(value),
        Err(error)
            if content_type.contains("json")
                || start.starts_with('{')
                || start.starts_with('[') =>
        {
            Body::Malformed(error.to_string())
        }
        Err(_) => Body::Text,
    }
}

/// A SCIM ListResponse, reduced to what the checks use.
#[derive(Debug, Clone, PartialEq)]
pub struct ListAnswer {
    pub total_results: u64,
    pub resources: Vec<Value>,
    /// False when the `schemas` member lacks the ListResponse URN (lenient servers do that).
    pub declares_schema: bool,
}

/// Reads a ListResponse: it needs a numeric `totalResults` (as Okta and JumpCloud expect).
pub fn list_response(value: &Value) -> Option<ListAnswer> {
    let total_results = value.get("totalResults")?.as_u64()?;
    let resources = value
        .get("Resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let declares_schema = value
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some(LIST_RESPONSE)));
    Some(ListAnswer {
        total_results,
        resources,
        declares_schema,
    })
}

/// The parts of a ServiceProviderConfig the checks report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceProviderConfig {
    pub patch: Option<bool>,
    pub filter: Option<bool>,
    pub filter_max_results: Option<u64>,
    pub bulk: Option<bool>,
    pub authentication_schemes: Vec<String>,
}

impl ServiceProviderConfig {
    pub fn from_json(value: &Value) -> Self {
        let supported = |key: &str| {
            value
                .get(key)
                .and_then(|v| v.get("supported"))
                .and_then(Value::as_bool)
        };
        let schemes = value
            .get("authenticationSchemes")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|s| {
                        s.get("type")
                            .or_else(|| s.get("name"))
                            .and_then(Value::as_str)
                    })
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Self {
            patch: supported("patch"),
            filter: supported("filter"),
            filter_max_results: value
                .get("filter")
                .and_then(|f| f.get("maxResults"))
                .and_then(Value::as_u64),
            bulk: supported("bulk"),
            authentication_schemes: schemes,
        }
    }

    /// One line: `patch yes, filter yes (max 200), bulk no, auth oauthbearertoken`.
    pub fn describe(&self) -> String {
        let yes_no = |v: Option<bool>| match v {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not stated",
        };
        let max = self
            .filter_max_results
            .map(|m| format!(" (max {m})"))
            .unwrap_or_default();
        let auth = if self.authentication_schemes.is_empty() {
            "not stated".to_owned()
        } else {
            self.authentication_schemes.join(", ")
        };
        format!(
            "patch {}, filter {}{max}, bulk {}, authentication {auth}",
            yes_no(self.patch),
            yes_no(self.filter),
            yes_no(self.bulk)
        )
    }
}

/// Every string in `value` (at any depth) that names one of the two extensions:
/// returns (enterprise present, KnowBe4 present). Works for /Schemas and /ResourceTypes.
pub fn extensions_present(value: &Value) -> (bool, bool) {
    let mut found = (false, false);
    visit_strings(value, &mut |s| {
        found.0 |= s.eq_ignore_ascii_case(ENTERPRISE_EXTENSION);
        found.1 |= s.eq_ignore_ascii_case(KNOWBE4_EXTENSION);
    });
    found
}

fn visit_strings(value: &Value, visit: &mut dyn FnMut(&str)) {
    match value {
        Value::String(s) => visit(s),
        Value::Array(items) => items.iter().for_each(|v| visit_strings(v, visit)),
        Value::Object(map) => map.values().for_each(|v| visit_strings(v, visit)),
        _ => {}
    }
}

/// The SCIM `id` of a created resource. JumpCloud requires it to be a string.
pub fn resource_id(value: &Value) -> Result<String, String> {
    match value.get("id") {
        Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
        Some(Value::Number(n)) => Err(format!(
            "the id {n} is a number; JumpCloud requires a string id"
        )),
        _ => Err("the answer has no id".to_owned()),
    }
}

/// True when a SCIM error body names the given scimType (e.g. `invalidFilter`).
pub fn scim_type_is(body: &Body, scim_type: &str) -> bool {
    matches!(body, Body::Json(v) if v.get("scimType").and_then(Value::as_str) == Some(scim_type))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_are_sorted_by_kind() {
        assert_eq!(classify_body(Some("text/html"), b"<p>hi"), Body::Html);
        assert_eq!(classify_body(None, b"  <!DOCTYPE html><html>"), Body::Html);
        assert!(matches!(
            classify_body(Some("application/scim+json"), b"{\"a\":"),
            Body::Malformed(_)
        ));
        assert!(matches!(classify_body(None, b"{\"a\":1}"), Body::Json(_)));
        assert_eq!(classify_body(None, b"  "), Body::Empty);
        assert_eq!(classify_body(Some("text/plain"), b"hello"), Body::Text);
    }

    #[test]
    fn list_response_needs_numeric_total() {
        let list =
            list_response(&json!({"schemas":[LIST_RESPONSE],"totalResults":3,"Resources":[{}]}))
                .unwrap();
        assert_eq!(
            (
                list.total_results,
                list.resources.len(),
                list.declares_schema
            ),
            (3, 1, true)
        );
        assert!(list_response(&json!({"totalResults":"3"})).is_none());
        assert!(list_response(&json!({"users":[]})).is_none());
    }

    #[test]
    fn service_provider_config_is_summarised() {
        let spc = ServiceProviderConfig::from_json(&json!({
            "patch":{"supported":true},"filter":{"supported":true,"maxResults":200},
            "bulk":{"supported":false},"authenticationSchemes":[{"type":"oauthbearertoken"}]}));
        assert_eq!(
            spc.describe(),
            "patch yes, filter yes (max 200), bulk no, authentication oauthbearertoken"
        );
    }

    #[test]
    fn extensions_and_ids() {
        let rt = json!({"Resources":[{"name":"User","schemaExtensions":[{"schema":KNOWBE4_EXTENSION}]}]});
        assert_eq!(extensions_present(&rt), (false, true));
        assert_eq!(resource_id(&json!({"id":"a1"})), Ok("a1".into()));
        assert!(
            resource_id(&json!({"id":5}))
                .unwrap_err()
                .contains("string")
        );
    }
}
