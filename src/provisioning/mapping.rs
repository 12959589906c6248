//! The attributes JumpCloud sends to KnowBe4 (the seed's mapping table), and a preview of
//! the SCIM User JSON JumpCloud would send for one sample user.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::email::is_valid_email;

/// The SCIM core User schema URN.
pub const CORE_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The SCIM enterprise User extension URN (organization, department, employeeNumber).
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// One row of the seed's mapping table. `-` means JumpCloud has no such property or UI field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttributeMapping {
    pub jumpcloud_property: &'static str,
    pub jumpcloud_ui: &'static str,
    pub scim_attribute: &'static str,
    pub knowbe4_field: &'static str,
}

const fn row(
    jumpcloud_property: &'static str,
    jumpcloud_ui: &'static str,
    scim_attribute: &'static str,
    knowbe4_field: &'static str,
) -> AttributeMapping {
    AttributeMapping {
        jumpcloud_property,
        jumpcloud_ui,
        scim_attribute,
        knowbe4_field,
    }
}

/// The mapping table exactly as JumpCloud's KnowBe4 connector documents it (the seed).
pub const ATTRIBUTE_MAPPINGS: &[AttributeMapping] = &[
    row("email", "Company Email", "emails: value", "Email"),
    row("username", "Username", "userName", "IdP Username"),
    row("firstname", "First Name", "name.givenName", "First Name"),
    row("lastname", "Last Name", "name.familyName", "Last Name"),
    row("-", "-", "userType", "User Type"),
    row(
        "phoneNumbers.value",
        "Work Phone",
        "phoneNumbers.value",
        "Phone Number",
    ),
    row(
        "Work Address",
        "Work Address",
        "addresses[type:work]",
        "location",
    ),
    row("jobTitle", "Job Title", "title", "Job Title"),
    row(
        "employeeIdentifier",
        "Employee ID",
        "externalId",
        "Employee Number",
    ),
    row("company", "Company", "organization", "Organization"),
    row("department", "Department", "department", "Department"),
    row(
        "Displayname",
        "Display Name",
        "displayName",
        "firstname/lastname",
    ),
];

/// A JumpCloud user as the operator types it into the preview form (JumpCloud UI names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleUser {
    pub username: String,
    pub company_email: String,
    pub first_name: String,
    pub last_name: String,
    /// Empty means JumpCloud sends "First Last".
    pub display_name: String,
    pub work_phone: String,
    pub work_address: String,
    pub job_title: String,
    pub employee_id: String,
    pub company: String,
    pub department: String,
    /// JumpCloud has no UI field for it; the exact value it sends is not documented.
    pub user_type: String,
    pub active: bool,
}

impl Default for SampleUser {
    /// A fictional user at the reserved example.com domain, with every field filled.
    fn default() -> Self {
        Self {
            username: "ada.lovelace".into(),
            company_email: "ada.lovelace@example.com".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            display_name: String::new(),
            work_phone: "+44 20 7946 0018".into(),
            work_address: "12 St James's Square, London SW1Y 4JH, United Kingdom".into(),
            job_title: "Analytical Engine Programmer".into(),
            employee_id: "E-1815".into(),
            company: "Example Analytical Ltd".into(),
            department: "Research".into(),
            user_type: "Employee".into(),
            active: true,
        }
    }
}

impl SampleUser {
    /// The displayName JumpCloud sends: the Display Name, or "First Last" when it is empty.
    pub fn effective_display_name(&self) -> String {
        let explicit = self.display_name.trim();
        if !explicit.is_empty() {
            return explicit.to_owned();
        }
        format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_owned()
    }
}

/// The SCIM User JSON JumpCloud would send for `user` on create. Empty fields are left
/// out, as an IdP does not send attributes that have no value.
pub fn scim_user_json(user: &SampleUser) -> Value {
    let mut body = Map::new();
    body.insert(
        "schemas".into(),
        json!([CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA]),
    );
    put(&mut body, "userName", &user.username);
    put(&mut body, "externalId", &user.employee_id);
    let mut name = Map::new();
    put(&mut name, "givenName", &user.first_name);
    put(&mut name, "familyName", &user.last_name);
    if !name.is_empty() {
        body.insert("name".into(), Value::Object(name));
    }
    put(&mut body, "displayName", &user.effective_display_name());
    if !user.company_email.trim().is_empty() {
        body.insert(
            "emails".into(),
            json!([{ "value": user.company_email.trim(), "type": "work", "primary": true }]),
        );
    }
    if !user.work_phone.trim().is_empty() {
        body.insert(
            "phoneNumbers".into(),
            json!([{ "value": user.work_phone.trim(), "type": "work" }]),
        );
    }
    if !user.work_address.trim().is_empty() {
        body.insert(
            "addresses".into(),
            json!([{ "type": "work", "formatted": user.work_address.trim(), "primary": true }]),
        );
    }
    put(&mut body, "title", &user.job_title);
    put(&mut body, "userType", &user.user_type);
    body.insert("active".into(), Value::Bool(user.active));
    let mut enterprise = Map::new();
    put(&mut enterprise, "employeeNumber", &user.employee_id);
    put(&mut enterprise, "organization", &user.company);
    put(&mut enterprise, "department", &user.department);
    body.insert(ENTERPRISE_USER_SCHEMA.into(), Value::Object(enterprise));
    Value::Object(body)
}

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        map.insert(key.into(), Value::String(value.to_owned()));
    }
}

/// What kind of value KnowBe4 would skip or reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingWarningKind {
    MissingEmail,
    InvalidEmail,
    EmailNotNameId,
    EmailNameIdCaseOnly,
    EmptyFirstName,
    EmptyLastName,
}

/// A warning about the sample user, with a message written for the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingWarning {
    pub kind: MappingWarningKind,
    /// The JumpCloud UI field to fix.
    pub field: String,
    pub message: String,
}

fn warning(kind: MappingWarningKind, field: &str, message: String) -> MappingWarning {
    MappingWarning {
        kind,
        field: field.to_owned(),
        message,
    }
}

/// Warnings for values KnowBe4 would skip or reject. `saml_name_id` is the NameID JumpCloud
/// sends in the SAML assertion for this user (by default the email), when known.
pub fn sample_warnings(user: &SampleUser, saml_name_id: Option<&str>) -> Vec<MappingWarning> {
    use MappingWarningKind as K;
    let mut warnings = Vec::new();
    let email = user.company_email.trim();
    if email.is_empty() {
        warnings.push(warning(
            K::MissingEmail,
            "Company Email",
            "No Company Email: KnowBe4 identifies users by email and will skip this user. \
             Fill in the Company Email in JumpCloud."
                .into(),
        ));
    } else if !is_valid_email(email) {
        warnings.push(warning(
            K::InvalidEmail,
            "Company Email",
            format!("'{email}' is not a valid email address; KnowBe4 will reject this user. Correct it in JumpCloud."),
        ));
    }
    if let Some(name_id) = saml_name_id
        .map(str::trim)
        .filter(|id| !id.is_empty() && !email.is_empty())
    {
        if name_id.to_lowercase() != email.to_lowercase() {
            warnings.push(warning(
                K::EmailNotNameId,
                "Company Email",
                format!(
                    "The Company Email '{email}' is not the SAML NameID '{name_id}' (compared ignoring case). \
                     KnowBe4 signs users in by matching the NameID to their email, so this user could not \
                     sign in with SSO. Make JumpCloud send the email as NameID."
                ),
            ));
        } else if name_id != email {
            warnings.push(warning(
                K::EmailNameIdCaseOnly,
                "Company Email",
                format!(
                    "The Company Email '{email}' and the SAML NameID '{name_id}' differ only in letter case. \
                     Whether KnowBe4 ignores case here is not documented: make them identical to be safe."
                ),
            ));
        }
    }
    for (kind, field, value) in [
        (K::EmptyFirstName, "First Name", &user.first_name),
        (K::EmptyLastName, "Last Name", &user.last_name),
    ] {
        if value.trim().is_empty() {
            warnings.push(warning(
                kind,
                field,
                format!("The {field} is empty; KnowBe4 requires it and may skip this user. Fill it in JumpCloud."),
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_seed_rows_in_order() {
        assert_eq!(ATTRIBUTE_MAPPINGS.len(), 12);
        let employee = ATTRIBUTE_MAPPINGS
            .iter()
            .find(|m| m.jumpcloud_ui == "Employee ID");
        assert_eq!(employee.map(|m| m.scim_attribute), Some("externalId"));
        assert_eq!(ATTRIBUTE_MAPPINGS[0].scim_attribute, "emails: value");
    }

    #[test]
    fn default_user_produces_full_payload() {
        let json = scim_user_json(&SampleUser::default());
        assert_eq!(json["userName"], "ada.lovelace");
        assert_eq!(json["name"]["givenName"], "Ada");
        assert_eq!(json["name"]["familyName"], "Lovelace");
        assert_eq!(json["displayName"], "Ada Lovelace");
        assert_eq!(json["emails"][0]["value"], "ada.lovelace@example.com");
        assert_eq!(json["emails"][0]["primary"], true);
        assert_eq!(json["emails"][0]["type"], "work");
        assert_eq!(json["phoneNumbers"][0]["type"], "work");
        assert_eq!(json["addresses"][0]["type"], "work");
        assert_eq!(json["externalId"], "E-1815");
        assert_eq!(json["userType"], "Employee");
        assert_eq!(json["active"], true);
        let ext = &json[ENTERPRISE_USER_SCHEMA];
        assert_eq!(ext["employeeNumber"], "E-1815");
        assert_eq!(ext["organization"], "Example Analytical Ltd");
        assert_eq!(ext["department"], "Research");
        assert_eq!(json["schemas"][1], ENTERPRISE_USER_SCHEMA);
        assert!(
            sample_warnings(&SampleUser::default(), Some("ada.lovelace@example.com")).is_empty()
        );
    }

    #[test]
    fn empty_fields_are_omitted_and_display_name_falls_back() {
        let user = SampleUser {
            work_phone: "  ".into(),
            company_email: String::new(),
            display_name: "Countess".into(),
            ..SampleUser::default()
        };
        let json = scim_user_json(&user);
        assert!(json.get("phoneNumbers").is_none());
        assert!(json.get("emails").is_none());
        assert_eq!(json["displayName"], "Countess");
    }

    fn kinds(user: &SampleUser, name_id: Option<&str>) -> Vec<MappingWarningKind> {
        sample_warnings(user, name_id)
            .into_iter()
            .map(|w| w.kind)
            .collect()
    }

    #[test]
    fn warns_about_email_and_names() {
        use MappingWarningKind as K;
        let no_email = SampleUser {
            company_email: " ".into(),
            ..SampleUser::default()
        };
        assert_eq!(
            kinds(&no_email, Some("ada@example.com")),
            vec![K::MissingEmail]
        );
        let bad = SampleUser {
            company_email: "ada.example.com".into(),
            ..SampleUser::default()
        };
        assert_eq!(kinds(&bad, None), vec![K::InvalidEmail]);
        let other = SampleUser::default();
        assert_eq!(
            kinds(&other, Some("ada@other.example")),
            vec![K::EmailNotNameId]
        );
        assert_eq!(
            kinds(&other, Some("Ada.Lovelace@Example.com")),
            vec![K::EmailNameIdCaseOnly]
        );
        let unnamed = SampleUser {
            first_name: "".into(),
            last_name: " ".into(),
            ..SampleUser::default()
        };
        assert_eq!(
            kinds(&unnamed, None),
            vec![K::EmptyFirstName, K::EmptyLastName]
        );
    }

    #[test]
    fn name_id_message_says_case_was_ignored() {
        let w = sample_warnings(&SampleUser::default(), Some("someone@example.com"));
        assert!(w[0].message.contains("ignoring case"), "{}", w[0].message);
    }
}
