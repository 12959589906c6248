use super::*;
use crate::provisioning::members::read_members;
use crate::provisioning::users_csv::{read_users_csv, test_row};

fn export() -> Vec<CsvUser> {
    vec![
        test_row(2, "ada", "ada@example.com", "Ada", "L"),
        test_row(3, "bob", "Bob@Example.com", "Bob", "B"),
        test_row(4, "cy", "cy@example.com", "Cy", "C"),
    ]
}

fn members(text: &str) -> ScopeSource {
    ScopeSource::MembersFile {
        file_name: "members.txt".into(),
        members: read_members(text.as_bytes()).unwrap_or_else(|e| panic!("{e}")),
    }
}

fn usernames(scoped: &ScopedRows) -> Vec<&str> {
    scoped.rows.iter().map(|r| r.username.as_str()).collect()
}

#[test]
fn the_whole_export_says_what_it_assumes() {
    let scoped = ScopeSource::WholeExport
        .apply(export())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scoped.rows.len(), 3);
    assert_eq!(scoped.outcome.scope.kind, ScopeKind::Export);
    assert!(
        scoped
            .outcome
            .scope
            .description
            .contains(WHOLE_EXPORT_ASSUMPTION),
        "{}",
        scoped.outcome.scope.description
    );
}

#[test]
fn members_are_found_by_username_or_email_ignoring_case() {
    let scoped = members("ADA\n bob@example.com \nnobody@example.com\n")
        .apply(export())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(usernames(&scoped), vec!["ada", "bob"]);
    assert_eq!(scoped.outcome.scope.kind, ScopeKind::Members);
    assert_eq!(
        (
            scoped.outcome.scope.export_rows,
            scoped.outcome.scope.compared_rows,
            scoped.outcome.scope.members_not_in_export
        ),
        (3, 2, 1)
    );
    assert_eq!(scoped.outcome.members_not_in_export.len(), 1);
    assert_eq!(scoped.outcome.members_not_in_export[0].line, 3);
    let words = &scoped.outcome.scope.description;
    assert!(words.contains("members.txt") && words.contains("2 of the export's 3 users"));
    assert!(
        words.contains("1 given member(s) are not in the export"),
        "{words}"
    );
}

#[test]
fn a_members_csv_scopes_by_its_columns() {
    let scoped = members("Username,Email\ncy,\n,ada@example.com\n")
        .apply(export())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(usernames(&scoped), vec!["ada", "cy"]);
    assert!(scoped.outcome.members_not_in_export.is_empty());
}

#[test]
fn members_of_another_directory_are_refused() {
    let error = members("zed\n").apply(export()).err();
    assert!(matches!(error, Some(ScopeError::NoMemberInExport(1))));
}

#[test]
fn scoping_a_large_export_keeps_order_and_skips_empty_keys() {
    let rows: Vec<CsvUser> = (0..20_000)
        .map(|n| test_row(n + 2, &format!("u{n}"), "", "F", "L"))
        .collect();
    let list: String = (0..20_000).step_by(2).map(|n| format!("U{n}\n")).collect();
    let scoped = members(&list).apply(rows).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scoped.rows.len(), 10_000);
    assert!(scoped.rows.windows(2).all(|w| w[0].line < w[1].line));
}

const WITH_GROUPS: &str = "email,username,firstname,lastname,Groups\n\
    ada@example.com,ada,Ada,L,\"KnowBe4 Users; Staff\"\n\
    bob@example.com,bob,Bob,B,Staff\n\
    cy@example.com,cy,Cy,C,knowbe4 users|Admins\n";

fn column_scope(dir: &Path, column: &str, groups: &[&str]) -> (Vec<CsvUser>, ScopeSource) {
    let path = dir.join("export.csv");
    std::fs::write(&path, WITH_GROUPS).unwrap_or_else(|e| panic!("{e}"));
    let rows = read_users_csv(WITH_GROUPS.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
        .users;
    let source = ScopeSource::ExportColumn {
        export_path: path,
        column: column.into(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    };
    (rows, source)
}

#[test]
fn a_groups_column_of_the_export_selects_its_members() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (rows, source) = column_scope(dir.path(), "groups", &["KnowBe4 users", "Nobody"]);
    let scoped = source.apply(rows).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(usernames(&scoped), vec!["ada", "cy"]);
    assert_eq!(scoped.outcome.scope.kind, ScopeKind::Members);
    assert!(scoped.outcome.scope.description.contains("'groups' column"));
    assert_eq!(
        scoped.outcome.notes,
        vec!["no row of the export has 'Nobody' in its 'groups' column"]
    );
}

#[test]
fn a_wrong_column_or_group_is_named() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (rows, source) = column_scope(dir.path(), "Departments", &["Staff"]);
    let error = source
        .apply(rows)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        error.contains("no column 'Departments'") && error.contains("Groups"),
        "{error}"
    );
    let (rows, source) = column_scope(dir.path(), "Groups", &["Sales"]);
    let error = source
        .apply(rows)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("'Sales'"), "{error}");
    let (rows, source) = column_scope(dir.path(), "Groups", &[" "]);
    assert!(matches!(source.apply(rows), Err(ScopeError::NoGroupName)));
}

#[test]
fn an_export_changed_on_disk_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut rows, source) = column_scope(dir.path(), "Groups", &["Staff"]);
    rows.pop();
    let error = source.apply(rows).err();
    assert!(
        matches!(error, Some(ScopeError::ExportChanged(_))),
        "{error:?}"
    );
}
