//! The four lists of a reconciliation, each collapsible, with its count and a CSV export,
//! under the scope that was compared. "Only in KnowBe4" comes first: KnowBe4 archives the
//! users JumpCloud does not provision once sync is live.

use egui::{CollapsingHeader, RichText, Ui};

use super::csv_files::ExportTarget;
use super::table::{self, column};
use crate::provisioning::list_meanings::{MEMBERS_NOT_IN_EXPORT, STAGED_OR_SUSPENDED, meaning};
use crate::provisioning::members::Member;
use crate::provisioning::reconcile::{ConflictKind, ReconcileReport};
use crate::provisioning::reconcile_export::ReconcileList;
use crate::provisioning::scope::ScopeKind;
use crate::provisioning::set_apart::SetApartUser;
use crate::provisioning::tenant_user::TenantUser;
use crate::provisioning::users_csv::CsvUser;
use crate::ui::theme;

/// A finished reconciliation and what it was run on.
pub struct Reconciled {
    pub report: ReconcileReport,
    pub file_name: String,
    pub tenant_url: String,
}

/// How many rows `list` has.
pub fn list_len(report: &ReconcileReport, list: ReconcileList) -> usize {
    match list {
        ReconcileList::OnlyInKnowbe4 => report.only_in_knowbe4.len(),
        ReconcileList::Matched => report.matched.len(),
        ReconcileList::OnlyInJumpcloud => report.only_in_jumpcloud.len(),
        ReconcileList::Conflicts => report.conflicts.len(),
    }
}

/// The list's name, as in its heading and export button.
pub fn list_title(list: ReconcileList) -> &'static str {
    match list {
        ReconcileList::OnlyInKnowbe4 => "Only in KnowBe4",
        ReconcileList::Matched => "Matched",
        ReconcileList::OnlyInJumpcloud => "Only in JumpCloud",
        ReconcileList::Conflicts => "Conflicts",
    }
}

/// Summary, reading notes, then the lists. A click on an export button is put in `requested`.
pub fn show(
    ui: &mut Ui,
    result: &Reconciled,
    requested: &mut Option<(ReconcileList, ExportTarget)>,
    exporting: bool,
) {
    let report = &result.report;
    summary(ui, result);
    for list in ReconcileList::ALL {
        let count = list_len(report, list);
        CollapsingHeader::new(format!("{} ({count})", list_title(list)))
            .id_salt(("reconcile_list", list_title(list)))
            .default_open(matches!(
                list,
                ReconcileList::OnlyInKnowbe4 | ReconcileList::Conflicts
            ))
            .show(ui, |ui| {
                explain(ui, list, report.scope.kind);
                if count > 0 {
                    rows(ui, report, list);
                }
                let label = format!("Export {} as CSV…", list_title(list));
                if ui
                    .add_enabled(!exporting, egui::Button::new(label))
                    .clicked()
                {
                    *requested = Some((
                        list,
                        ExportTarget::Dialog {
                            suggested_name: list.file_name().to_owned(),
                        },
                    ));
                }
            });
    }
    members_not_in_export(ui, &report.members_not_in_export);
    staged_or_suspended(ui, &report.staged_or_suspended);
}

/// The bound groups' users JumpCloud has as STAGED or SUSPENDED: listed apart, since
/// whether JumpCloud pushes them is not documented.
fn staged_or_suspended(ui: &mut Ui, users: &[SetApartUser]) {
    if users.is_empty() {
        return;
    }
    CollapsingHeader::new(format!(
        "STAGED or SUSPENDED in JumpCloud ({})",
        users.len()
    ))
    .id_salt("reconcile_staged_or_suspended")
    .default_open(false)
    .show(ui, |ui| {
        theme::message(ui, STAGED_OR_SUSPENDED, true);
        let columns = [
            column("State", 90.0),
            column("Username", 150.0),
            column("Email", 210.0),
            column("In KnowBe4", 80.0),
        ];
        table::show(ui, "staged_or_suspended", &columns, users.len(), |i| {
            users
                .get(i)
                .map(|entry| {
                    vec![
                        entry.state.label().to_owned(),
                        entry.user.username.clone(),
                        entry.user.email.clone(),
                        if entry.in_knowbe4 { "yes" } else { "no" }.to_owned(),
                    ]
                })
                .unwrap_or_default()
        });
    });
}

/// The members given that the export lacks: they could not be compared.
fn members_not_in_export(ui: &mut Ui, members: &[Member]) {
    if members.is_empty() {
        return;
    }
    CollapsingHeader::new(format!("Members not in the export ({})", members.len()))
        .id_salt("reconcile_members_not_in_export")
        .default_open(true)
        .show(ui, |ui| {
            theme::message(ui, MEMBERS_NOT_IN_EXPORT, true);
            let columns = [
                column("Line", 50.0),
                column("Username", 150.0),
                column("Email", 210.0),
            ];
            table::show(ui, "members_not_in_export", &columns, members.len(), |i| {
                members
                    .get(i)
                    .map(|m| vec![m.line.to_string(), m.username.clone(), m.email.clone()])
                    .unwrap_or_default()
            });
        });
}

fn summary(ui: &mut Ui, result: &Reconciled) {
    let report = &result.report;
    let s = &report.summary;
    ui.add_space(theme::ITEM_GAP);
    let pages = report.paging.as_ref().map_or(0, |p| p.pages);
    ui.label(
        RichText::new(format!(
            "{}: {} JumpCloud users compared · KnowBe4 tenant: {} users in {pages} page(s)",
            result.file_name, s.jumpcloud_users, s.knowbe4_users
        ))
        .strong(),
    );
    let scope = &report.scope;
    theme::message(
        ui,
        &format!("Compared: {}.", scope.description),
        scope.kind == ScopeKind::Export || scope.members_not_in_export > 0,
    );
    if s.duplicate_rows_skipped > 0 {
        ui.label(format!(
            "{} row(s) that appeared twice in the tenant's pages were counted once.",
            s.duplicate_rows_skipped
        ));
    }
    if !report.is_complete() {
        theme::message(
            ui,
            "The tenant may not have been read completely (see the notes below): some KnowBe4 \
             users may be missing from these lists. Run the comparison again.",
            true,
        );
    }
    let paging_notes = report.paging.iter().flat_map(|p| p.notes.iter());
    for note in paging_notes.chain(report.notes.iter()) {
        theme::message(ui, &super::note(note), true);
    }
}

fn explain(ui: &mut Ui, list: ReconcileList, kind: ScopeKind) {
    let text = meaning(list, kind);
    if list == ReconcileList::OnlyInKnowbe4 {
        theme::message(ui, text, true);
    } else {
        ui.label(text);
    }
}

fn rows(ui: &mut Ui, report: &ReconcileReport, list: ReconcileList) {
    let salt = ("reconcile_rows", list_title(list));
    match list {
        ReconcileList::OnlyInKnowbe4 => {
            let columns = [
                column("Username", 150.0),
                column("Email", 210.0),
                column("Name", 170.0),
                column("Active", 60.0),
            ];
            let users = &report.only_in_knowbe4;
            table::show(ui, salt, &columns, users.len(), |i| {
                users.get(i).map(knowbe4_cells).unwrap_or_default()
            });
        }
        ReconcileList::Matched | ReconcileList::OnlyInJumpcloud => {
            let users = if list == ReconcileList::Matched {
                &report.matched
            } else {
                &report.only_in_jumpcloud
            };
            // Rows read from JumpCloud have no line of a file to point at.
            let from_file = report.scope.kind != ScopeKind::Jumpcloud;
            let columns = [
                column("Line", 50.0),
                column("Username", 150.0),
                column("Email", 210.0),
                column("Name", 170.0),
            ];
            let columns = if from_file {
                &columns[..]
            } else {
                &columns[1..]
            };
            table::show(ui, salt, columns, users.len(), |i| {
                let mut cells = users.get(i).map(jumpcloud_cells).unwrap_or_default();
                if !from_file && !cells.is_empty() {
                    cells.remove(0);
                }
                cells
            });
        }
        ReconcileList::Conflicts => {
            let columns = [
                column("Conflict", 130.0),
                column("KnowBe4 user", 200.0),
                column("JumpCloud user", 200.0),
                column("Detail", 200.0),
            ];
            let conflicts = &report.conflicts;
            table::show(ui, salt, &columns, conflicts.len(), |i| {
                let Some(c) = conflicts.get(i) else {
                    return Vec::new();
                };
                vec![
                    conflict_label(c.kind).to_owned(),
                    format!("{} <{}>", c.knowbe4.user_name, c.knowbe4.email),
                    format!(
                        "{} <{}> (line {})",
                        c.jumpcloud.username.trim(),
                        c.jumpcloud.email.trim(),
                        c.jumpcloud.line
                    ),
                    c.detail.clone(),
                ]
            });
        }
    }
}

fn knowbe4_cells(user: &TenantUser) -> Vec<String> {
    vec![
        user.user_name.clone(),
        user.email.clone(),
        format!("{} {}", user.given_name, user.family_name)
            .trim()
            .to_owned(),
        if user.active { "yes" } else { "no" }.to_owned(),
    ]
}

fn jumpcloud_cells(row: &CsvUser) -> Vec<String> {
    vec![
        row.line.to_string(),
        row.username.clone(),
        row.email.clone(),
        format!("{} {}", row.first_name.trim(), row.last_name.trim())
            .trim()
            .to_owned(),
    ]
}

fn conflict_label(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::NameDiffers => "Name differs",
        ConflictKind::UserNameDiffers => "Username differs",
        ConflictKind::EmailDiffers => "Email differs",
        ConflictKind::SplitMatch => "Split match",
        ConflictKind::AlreadyMatched => "Two KnowBe4 users",
    }
}
