//! The attributes JumpCloud sends to KnowBe4 (the seed's mapping table), and a preview of
//! the SCIM User JSON for one sample user. The table is the article's, as it gives it. The
//! article does not give the JSON itself, so where the preview fills a gap (a schema, a
//! sub-attribute, an empty field) [`preview_guesses`] says so.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::email::is_valid_email;

/// The SCIM core User schema URN.
pub const CORE_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The SCIM enterprise User extension URN (organization, department).
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
    /// What JumpCloud sends when it is empty is not documented; the preview leaves it out.
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
            username: "ada.lovelace@example.com".into(),
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
            user_type: String::new(),
            active: true,
        }
    }
}

/// The sentence above the sample user's form.
pub const PREVIEW_INTRO: &str = "Type a user as it is in JumpCloud. The JSON follows the \
    article's mapping; what it fills in beyond the article is listed under it, as guesses.";

/// Shown when the sample user raises no warning.
pub const NO_RISK: &str = "No risk found in the values shown: the email is valid and is the SAML \
    NameID, the username is an email address, and both names are filled.";

/// What the preview fills in that the article does not give, each labelled as a guess.
pub fn preview_guesses(user: &SampleUser) -> Vec<String> {
    let mut guesses = vec![
        "A guess: the article gives organization and department without a schema; this preview \
         puts them in the SCIM enterprise extension, where KnowBe4's SCIM schema lists them."
            .to_owned(),
        "A guess: the type, primary and formatted sub-attributes of emails, phoneNumbers and \
         addresses, and active, follow the SCIM standard; the article does not list them."
            .to_owned(),
        "A guess: fields left empty are left out here; whether JumpCloud sends them empty is not \
         documented."
            .to_owned(),
    ];
    if user.display_name.trim().is_empty() {
        guesses.push(
            "Display Name is empty: the article maps it to KnowBe4's firstname/lastname, and what \
             JumpCloud sends when it is empty is not documented, so displayName is left out."
                .to_owned(),
        );
    }
    if !user.user_type.trim().is_empty() {
        guesses.push(
            "A guess: the article lists userType with no JumpCloud field; the value shown is the \
             one typed here, not one JumpCloud is known to send."
                .to_owned(),
        );
    }
    guesses
}

/// A preview of the SCIM User JSON for `user` on create: the article's mapping, with the gaps
/// filled as [`preview_guesses`] says.
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
    put(&mut body, "displayName", &user.display_name);
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
    put(&mut enterprise, "organization", &user.company);
    put(&mut enterprise, "department", &user.department);
    if !enterprise.is_empty() {
        body.insert(ENTERPRISE_USER_SCHEMA.into(), Value::Object(enterprise));
    }
    Value::Object(body)
}

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        map.insert(key.into(), Value::String(value.to_owned()));
    }
}

/// What kind of value may make KnowBe4 skip, reject or duplicate the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MappingWarningKind {
    MissingEmail,
    InvalidEmail,
    EmailNotNameId,
    EmailNameIdCaseOnly,
    EmptyFirstName,
    EmptyLastName,
    UsernameNotEmail,
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

/// Warnings for values that may make KnowBe4 skip, reject or duplicate the user: risks, since
/// what KnowBe4 does with them is not documented. `saml_name_id` is the NameID JumpCloud
/// sends in the SAML assertion for this user (by default the email), when known.
pub fn sample_warnings(user: &SampleUser, saml_name_id: Option<&str>) -> Vec<MappingWarning> {
    use MappingWarningKind as K;
    let mut warnings = Vec::new();
    let email = user.company_email.trim();
    if email.is_empty() {
        warnings.push(warning(
            K::MissingEmail,
            "Company Email",
            "No Company Email: JumpCloud sends it as the user's email, and KnowBe4 may skip \
             this user without one. Fill in the Company Email in JumpCloud."
                .into(),
        ));
    } else if !is_valid_email(email) {
        warnings.push(warning(
            K::InvalidEmail,
            "Company Email",
            format!("'{email}' is not a valid email address; KnowBe4 may reject or skip this user. Correct it in JumpCloud."),
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
                     KnowBe4 needs the NameID to match the user's email (or an alias), so this user may \
                     not be able to sign in with SSO. Make JumpCloud send the email as NameID."
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
                format!("The {field} is empty; KnowBe4 may skip this user. Fill it in JumpCloud."),
            ));
        }
    }
    let username = user.username.trim();
    if !username.is_empty() && !is_valid_email(username) {
        warnings.push(warning(
            K::UsernameNotEmail,
            "Username",
            format!(
                "'{username}' is not an email address. JumpCloud sends it as userName, the only user \
                 attribute KnowBe4 lists as filterable; how KnowBe4 matches it to users it already \
                 has is not documented, so this user may be duplicated."
            ),
        ));
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
        assert_eq!(json["userName"], "ada.lovelace@example.com");
        assert_eq!(json["name"]["givenName"], "Ada");
        assert_eq!(json["name"]["familyName"], "Lovelace");
        assert!(json.get("displayName").is_none());
        assert_eq!(json["emails"][0]["value"], "ada.lovelace@example.com");
        assert_eq!(json["emails"][0]["primary"], true);
        assert_eq!(json["emails"][0]["type"], "work");
        assert_eq!(json["phoneNumbers"][0]["type"], "work");
        assert_eq!(json["addresses"][0]["type"], "work");
        assert_eq!(json["externalId"], "E-1815");
        assert!(json.get("userType").is_none());
        assert_eq!(json["active"], true);
        let ext = &json[ENTERPRISE_USER_SCHEMA];
        assert!(
            ext.get("employeeNumber").is_none(),
            "Employee ID is sent once"
        );
        assert_eq!(ext["organization"], "Example Analytical Ltd");
        assert_eq!(ext["department"], "Research");
        assert_eq!(json["schemas"][1], ENTERPRISE_USER_SCHEMA);
        assert!(
            sample_warnings(&SampleUser::default(), Some("ada.lovelace@example.com")).is_empty()
        );
        let plain_username = SampleUser {
            username: "ada.lovelace".into(),
            ..SampleUser::default()
        };
        assert_eq!(
            kinds(&plain_username, None),
            vec![MappingWarningKind::UsernameNotEmail]
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

    #[test]
    fn every_gap_the_preview_fills_is_labelled_a_guess() {
        let mut user = SampleUser::default();
        let guesses = preview_guesses(&user);
        assert!(guesses.iter().any(|g| g.contains("enterprise extension")));
        assert!(
            guesses
                .iter()
                .any(|g| g.contains("displayName is left out"))
        );
        assert!(!guesses.iter().any(|g| g.contains("userType")));
        user.user_type = "Employee".into();
        user.display_name = "Countess".into();
        let guesses = preview_guesses(&user);
        assert!(guesses.iter().any(|g| g.contains("userType")));
        assert!(
            !guesses
                .iter()
                .any(|g| g.contains("displayName is left out"))
        );
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
