//! The Attribute mapping step's tools: the seed's mapping table, a sample JumpCloud user, a
//! preview of its SCIM User JSON with its guesses labelled, and the risks its values carry.

use egui::{Grid, Id, RichText, TextEdit, Ui, Widget};

use serde_json::Value;

use crate::provisioning::mapping::{
    ATTRIBUTE_MAPPINGS, ENTERPRISE_USER_SCHEMA, NO_RISK, PREVIEW_INTRO, SampleUser,
    preview_guesses, sample_warnings, scim_user_json,
};
use crate::ui::theme;

/// Width of the sample form's input boxes.
const INPUT_WIDTH: f32 = 160.0;

/// The sample user as typed; kept while the window is open.
pub struct MappingPreview {
    pub user: SampleUser,
    /// JumpCloud's default: the NameID is the user's email.
    pub name_id_is_email: bool,
    /// The NameID the operator says this user gets, when it is not the email.
    pub name_id: String,
}

impl Default for MappingPreview {
    fn default() -> Self {
        let user = SampleUser::default();
        let name_id = user.company_email.clone();
        MappingPreview {
            user,
            name_id_is_email: true,
            name_id,
        }
    }
}

impl MappingPreview {
    /// The NameID JumpCloud would put in this user's SAML assertion.
    pub fn effective_name_id(&self) -> &str {
        if self.name_id_is_email {
            &self.user.company_email
        } else {
            &self.name_id
        }
    }

    /// The SCIM body as shown: pretty JSON, top-level keys in the order a SCIM request
    /// reads (schemas first, the enterprise extension last) rather than alphabetically.
    pub fn json_text(&self) -> String {
        ordered_json(&scim_user_json(&self.user))
    }

    /// Table, form beside its JSON, then the warnings.
    pub fn show(&mut self, ui: &mut Ui) {
        mapping_table(ui);
        ui.add_space(theme::SECTION_GAP);
        ui.label(theme::heading_text("Preview with a sample user"));
        ui.label(PREVIEW_INTRO);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| self.form(ui));
            // A gap, not a separator: a vertical separator here would stretch the row to the
            // bottom of the window and push the warnings out of sight.
            ui.add_space(theme::SECTION_GAP);
            ui.vertical(|ui| self.json(ui));
        });
        self.warnings(ui);
    }

    fn form(&mut self, ui: &mut Ui) {
        let user = &mut self.user;
        Grid::new("sample_user_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let fields: [(&str, &mut String, &str); 12] = [
                    ("Username", &mut user.username, "jdoe"),
                    ("Company Email", &mut user.company_email, "jdoe@example.com"),
                    ("First Name", &mut user.first_name, "Jane"),
                    ("Last Name", &mut user.last_name, "Doe"),
                    ("Display Name", &mut user.display_name, "empty: left out"),
                    ("Work Phone", &mut user.work_phone, "+1 555 0100"),
                    ("Work Address", &mut user.work_address, "street, city"),
                    ("Job Title", &mut user.job_title, "Analyst"),
                    ("Employee ID", &mut user.employee_id, "E-1001"),
                    ("Company", &mut user.company, "Example Ltd"),
                    ("Department", &mut user.department, "Finance"),
                    ("User Type", &mut user.user_type, "no JumpCloud field"),
                ];
                for (label, value, hint) in fields {
                    form_row(ui, label, value, hint);
                }
                ui.label("Active");
                ui.checkbox(&mut user.active, "Active in JumpCloud");
                ui.end_row();
            });
        let email = self.user.company_email.clone();
        if ui
            .checkbox(
                &mut self.name_id_is_email,
                "SAML NameID is the email (default)",
            )
            .on_hover_text("By default, JumpCloud's SAML NameID is the user's email")
            .changed()
            && !self.name_id_is_email
            && self.name_id.trim().is_empty()
        {
            self.name_id = email;
        }
        if !self.name_id_is_email {
            Grid::new("sample_name_id").num_columns(2).show(ui, |ui| {
                form_row(
                    ui,
                    "SAML NameID",
                    &mut self.name_id,
                    "as JumpCloud sends it",
                );
            });
        }
    }

    fn json(&self, ui: &mut Ui) {
        let text = self.json_text();
        ui.horizontal(|ui| {
            ui.label(RichText::new("SCIM User JSON (POST /Users)").strong());
            let copy = ui.button("Copy JSON");
            if copy.clicked() {
                ui.ctx().copy_text(text.clone());
                ui.ctx()
                    .data_mut(|d| d.insert_temp(Id::unique("kb4_json_copied"), true));
            }
            let copied: Option<bool> = ui.ctx().data(|d| d.get_temp(Id::unique("kb4_json_copied")));
            if copied == Some(true) {
                ui.label(RichText::new("Copied").color(theme::success_colour(ui)));
            }
        });
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::ScrollArea::horizontal()
                .id_salt("scim_json_preview")
                .show(ui, |ui| {
                    egui::Label::new(RichText::new(text).monospace())
                        .extend()
                        .ui(ui);
                });
        });
        for guess in preview_guesses(&self.user) {
            ui.add(egui::Label::new(RichText::new(guess).weak()).wrap());
        }
    }

    fn warnings(&self, ui: &mut Ui) {
        let name_id = self.effective_name_id();
        let warnings = sample_warnings(&self.user, Some(name_id));
        if warnings.is_empty() {
            theme::message(ui, NO_RISK, false);
        }
        for warning in warnings {
            theme::message(ui, &format!("{}: {}", warning.field, warning.message), true);
        }
    }
}

/// Top-level keys in reading order; any key not listed follows, in its own order.
const KEY_ORDER: [&str; 12] = [
    "schemas",
    "userName",
    "externalId",
    "name",
    "displayName",
    "emails",
    "phoneNumbers",
    "addresses",
    "title",
    "userType",
    "active",
    ENTERPRISE_USER_SCHEMA,
];

fn ordered_json(body: &Value) -> String {
    let Some(object) = body.as_object() else {
        return serde_json::to_string_pretty(body).unwrap_or_default();
    };
    let listed = KEY_ORDER
        .iter()
        .filter_map(|key| object.get_key_value(*key));
    let others = object
        .iter()
        .filter(|(key, _)| !KEY_ORDER.contains(&key.as_str()));
    let members: Vec<String> = listed
        .chain(others)
        .map(|(key, value)| {
            let value = serde_json::to_string_pretty(value).unwrap_or_default();
            // Nested lines move in by one level, as in the whole document.
            format!(
                "  {}: {}",
                Value::from(key.as_str()),
                value.replace('\n', "\n  ")
            )
        })
        .collect();
    format!("{{\n{}\n}}", members.join(",\n"))
}

/// One labelled input of the form, tied to its label for screen readers and tests.
fn form_row(ui: &mut Ui, label: &str, value: &mut String, hint: &str) {
    let label = ui.label(label);
    TextEdit::singleline(value)
        .hint_text(hint)
        .desired_width(INPUT_WIDTH)
        .ui(ui)
        .labelled_by(label.id);
    ui.end_row();
}

/// The seed's mapping table, exactly as JumpCloud's KnowBe4 connector documents it.
fn mapping_table(ui: &mut Ui) {
    ui.label(theme::heading_text(
        "What JumpCloud sends (the article's table)",
    ));
    Grid::new("attribute_mapping_table")
        .striped(true)
        .num_columns(4)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for heading in [
                "JumpCloud property",
                "JumpCloud UI",
                "SCIM attribute",
                "KnowBe4 field",
            ] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for mapping in ATTRIBUTE_MAPPINGS {
                ui.label(RichText::new(mapping.jumpcloud_property).monospace());
                ui.label(mapping.jumpcloud_ui);
                ui.label(RichText::new(mapping.scim_attribute).monospace());
                ui.label(mapping.knowbe4_field);
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reads_in_request_order_and_parses_back() {
        let preview = MappingPreview::default();
        let text = preview.json_text();
        let schemas = text.find("\"schemas\"").unwrap_or(usize::MAX);
        let user_name = text.find("\"userName\"").unwrap_or(usize::MAX);
        let enterprise = text
            .find(&format!("\"{ENTERPRISE_USER_SCHEMA}\": {{"))
            .unwrap_or(0);
        assert!(schemas < user_name && user_name < enterprise, "{text}");
        let parsed: Result<Value, _> = serde_json::from_str(&text);
        assert_eq!(parsed.ok(), Some(scim_user_json(&preview.user)));
    }

    #[test]
    fn name_id_follows_the_email_unless_told_otherwise() {
        let mut preview = MappingPreview::default();
        preview.user.company_email = "x@example.com".into();
        assert_eq!(preview.effective_name_id(), "x@example.com");
        preview.name_id_is_email = false;
        preview.name_id = "other@example.com".into();
        assert_eq!(preview.effective_name_id(), "other@example.com");
    }
}
