//! Which JumpCloud users the comparison is about.
//!
//! JumpCloud provisions only the users in a user group bound to the KnowBe4 application
//! (the seed article), and a user export holds the whole directory. So a comparison of the
//! whole export assumes every user in it is in a bound group; to compare only the bound
//! groups' members, the operator gives them as a second file ([`super::members`]) or as a
//! column of the export (for example a groups column) and the group names. Every result
//! says which of these was used.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use foldhash::fast::RandomState;
use serde::{Deserialize, Serialize};

use super::key_index::{key, same_text};
use super::members::{Member, MemberList};
use super::users_csv::CsvUser;
use super::users_csv::{UsersCsvError, is_blank, normalize_header, open_export};

/// The `kind` of a scope, as the CLI's JSON spells it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// Every user of the export.
    #[default]
    Export,
    /// Only the users the operator gave as those reached through the bound groups.
    Members,
    /// The users reached through the groups bound to the application, read from JumpCloud.
    Jumpcloud,
}

/// The JumpCloud application whose bound groups a comparison used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeApplication {
    pub id: String,
    /// The administrator's label for it (`displayLabel`), empty when JumpCloud gave none.
    pub label: String,
}

/// A user group bound to the application (JumpCloud's graph lists name groups by id only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeGroup {
    pub id: String,
}

/// The scope a comparison used, kept with its result, in the settings and in the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonScope {
    pub kind: ScopeKind,
    /// What was compared and what it assumes, in words.
    pub description: String,
    /// User rows in the export.
    pub export_rows: usize,
    /// Export rows compared with KnowBe4.
    pub compared_rows: usize,
    /// Members given that no export row has: they could not be compared.
    pub members_not_in_export: usize,
    /// The application whose bound groups were read (`jumpcloud` scopes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<ScopeApplication>,
    /// The groups bound to it that were read (`jumpcloud` scopes only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ScopeGroup>,
    /// Users in scope that are STAGED or SUSPENDED in JumpCloud: listed apart, not compared
    /// with the others (`jumpcloud` scopes only).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub staged_or_suspended: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// The assumption a whole-export comparison rests on, in the words every screen uses.
pub const WHOLE_EXPORT_ASSUMPTION: &str =
    "if every user in this export is in a group bound to the KnowBe4 application";

impl ComparisonScope {
    /// The scope of a comparison of all `rows` users of the export.
    pub fn whole_export(rows: usize) -> Self {
        Self {
            kind: ScopeKind::Export,
            description: format!(
                "the whole JumpCloud export ({rows} users); the results hold {WHOLE_EXPORT_ASSUMPTION}"
            ),
            export_rows: rows,
            compared_rows: rows,
            members_not_in_export: 0,
            ..Self::default()
        }
    }

    /// The scope of a comparison of the users reached through `groups`, bound to
    /// `application`, as read from JumpCloud: `compared` of them compared, and
    /// `staged_or_suspended` listed apart.
    pub fn bound_groups(
        application: ScopeApplication,
        groups: Vec<ScopeGroup>,
        compared: usize,
        staged_or_suspended: usize,
    ) -> Self {
        let name = if application.label.trim().is_empty() {
            format!("id {}", application.id)
        } else {
            format!("'{}' (id {})", application.label.trim(), application.id)
        };
        let mut description = format!(
            "the users reached through the {} user group(s) bound to the JumpCloud application \
             {name}, read from JumpCloud: {compared} compared",
            groups.len()
        );
        if staged_or_suspended > 0 {
            description.push_str(&format!(
                "; {staged_or_suspended} STAGED or SUSPENDED user(s) listed apart"
            ));
        }
        Self {
            kind: ScopeKind::Jumpcloud,
            description,
            export_rows: 0,
            compared_rows: compared,
            members_not_in_export: 0,
            application: Some(application),
            groups,
            staged_or_suspended,
        }
    }

    fn members(source: &str, export_rows: usize, compared: usize, missing: usize) -> Self {
        let mut description = format!(
            "the users reached through the groups bound to the KnowBe4 application, as given by \
             {source}: {compared} of the export's {export_rows} users"
        );
        if missing > 0 {
            description.push_str(&format!(
                "; {missing} given member(s) are not in the export and could not be compared"
            ));
        }
        Self {
            kind: ScopeKind::Members,
            description,
            export_rows,
            compared_rows: compared,
            members_not_in_export: missing,
            ..Self::default()
        }
    }
}

/// How the operator chose the users to compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScopeSource {
    /// All users of the export.
    #[default]
    WholeExport,
    /// The members listed in a second file.
    MembersFile {
        /// Shown in results; the folder is not (it may name a person).
        file_name: String,
        members: MemberList,
    },
    /// Export rows whose `column` holds one of `groups` (cells may list several values,
    /// separated by `;`, `,`, `|` or line breaks).
    ExportColumn {
        export_path: PathBuf,
        column: String,
        groups: Vec<String>,
    },
}

/// The export rows to compare, and what the result must say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedRows {
    pub rows: Vec<CsvUser>,
    pub outcome: ScopeOutcome,
}

/// What a comparison's result must say about its scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeOutcome {
    pub scope: ComparisonScope,
    /// Members given that no export row has (members file only).
    pub members_not_in_export: Vec<Member>,
    /// Things the operator should know, such as a group name no row holds.
    pub notes: Vec<String>,
}

/// Why a scope cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    #[error(
        "none of the {0} given members is in the JumpCloud export: check that the members file \
         and the export come from the same JumpCloud organization"
    )]
    NoMemberInExport(usize),
    #[error("enter the name of the export column that holds the groups")]
    NoColumnName,
    #[error("enter the name of at least one group bound to the KnowBe4 application")]
    NoGroupName,
    #[error("the JumpCloud export has no column '{column}'. Its columns: {}.", found.join(", "))]
    NoSuchColumn { column: String, found: Vec<String> },
    #[error(
        "no row of the JumpCloud export has {} in its '{column}' column: check the group name",
        quoted(groups)
    )]
    NoRowInGroups { column: String, groups: Vec<String> },
    #[error("the JumpCloud export changed since it was loaded ({0}): load it again, then compare")]
    ExportChanged(String),
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(" or ")
}

impl ScopeSource {
    /// Keeps the export rows in scope, in their order. Linear in rows plus members.
    pub fn apply(&self, rows: Vec<CsvUser>) -> Result<ScopedRows, ScopeError> {
        match self {
            Self::WholeExport => Ok(ScopedRows {
                outcome: ScopeOutcome {
                    scope: ComparisonScope::whole_export(rows.len()),
                    ..ScopeOutcome::default()
                },
                rows,
            }),
            Self::MembersFile { file_name, members } => {
                by_members(rows, &format!("the file {file_name}"), members)
            }
            Self::ExportColumn {
                export_path,
                column,
                groups,
            } => by_column(rows, export_path, column, groups),
        }
    }
}

fn by_members(
    mut rows: Vec<CsvUser>,
    source: &str,
    list: &MemberList,
) -> Result<ScopedRows, ScopeError> {
    // Each key names the first member that has it; a member found by any key is found.
    let mut by_key: HashMap<String, usize, RandomState> =
        HashMap::with_capacity_and_hasher(list.members.len() * 2, RandomState::default());
    for (index, member) in list.members.iter().enumerate() {
        for value in member.keys() {
            by_key.entry(key(value).into_owned()).or_insert(index);
        }
    }
    let mut found = vec![false; list.members.len()];
    let export_rows = rows.len();
    rows.retain(|row| {
        let mut in_scope = false;
        for value in [&row.email, &row.username] {
            if value.trim().is_empty() {
                continue;
            }
            if let Some(&member) = by_key.get(key(value).as_ref()) {
                found[member] = true;
                in_scope = true;
            }
        }
        in_scope
    });
    if rows.is_empty() {
        return Err(ScopeError::NoMemberInExport(list.members.len()));
    }
    let missing: Vec<Member> = list
        .members
        .iter()
        .zip(&found)
        .filter(|(_, found)| !**found)
        .map(|(member, _)| member.clone())
        .collect();
    Ok(ScopedRows {
        outcome: ScopeOutcome {
            scope: ComparisonScope::members(source, export_rows, rows.len(), missing.len()),
            members_not_in_export: missing,
            notes: Vec::new(),
        },
        rows,
    })
}

/// The separators a cell listing several groups may use.
const GROUP_SEPARATORS: [char; 4] = [';', ',', '|', '\n'];

fn by_column(
    mut rows: Vec<CsvUser>,
    export_path: &Path,
    column: &str,
    groups: &[String],
) -> Result<ScopedRows, ScopeError> {
    let column = column.trim();
    if column.is_empty() {
        return Err(ScopeError::NoColumnName);
    }
    let groups: Vec<String> = groups
        .iter()
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty())
        .collect();
    if groups.is_empty() {
        return Err(ScopeError::NoGroupName);
    }
    let export_rows = rows.len();
    let (lines, group_seen) = lines_in_groups(export_path, column, &groups, export_rows)?;
    let mut cursor = lines.iter().peekable();
    // Both are in file order, so one pass keeps the rows whose line was selected.
    rows.retain(|row| {
        while cursor.next_if(|line| **line < row.line).is_some() {}
        cursor.next_if(|line| **line == row.line).is_some()
    });
    if rows.is_empty() {
        return Err(ScopeError::NoRowInGroups {
            column: column.to_owned(),
            groups,
        });
    }
    let notes = groups
        .iter()
        .zip(&group_seen)
        .filter(|(_, seen)| !**seen)
        .map(|(group, _)| format!("no row of the export has '{group}' in its '{column}' column"))
        .collect();
    let source = format!("the export's '{column}' column holding {}", quoted(&groups));
    Ok(ScopedRows {
        outcome: ScopeOutcome {
            scope: ComparisonScope::members(&source, export_rows, rows.len(), 0),
            members_not_in_export: Vec::new(),
            notes,
        },
        rows,
    })
}

/// The lines (in file order) of export records whose `column` holds one of `groups`, and
/// which groups were seen at all. The file is read again: it must still hold the
/// `export_rows` user rows it had when loaded, or the lines would not be theirs.
fn lines_in_groups(
    export_path: &Path,
    column: &str,
    groups: &[String],
    export_rows: usize,
) -> Result<(Vec<u64>, Vec<bool>), ScopeError> {
    let changed = |what: String| ScopeError::ExportChanged(what);
    let file = File::open(export_path).map_err(|e| changed(e.to_string()))?;
    let (mut reader, headers) =
        open_export(file).map_err(|e: UsersCsvError| changed(e.to_string()))?;
    let wanted = normalize_header(column);
    let Some(index) = headers
        .iter()
        .position(|header| normalize_header(header) == wanted)
    else {
        return Err(ScopeError::NoSuchColumn {
            column: column.to_owned(),
            found: headers.iter().map(str::to_owned).collect(),
        });
    };
    let mut lines = Vec::new();
    let mut seen = vec![false; groups.len()];
    let mut record = csv::StringRecord::new();
    let mut users = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) if is_blank(&record) => {}
            Ok(true) => {
                users += 1;
                let cell = record.get(index).unwrap_or("");
                let mut in_scope = false;
                for value in cell.split(GROUP_SEPARATORS) {
                    for (group, seen) in groups.iter().zip(seen.iter_mut()) {
                        if same_text(value, group) {
                            *seen = true;
                            in_scope = true;
                        }
                    }
                }
                if in_scope {
                    lines.push(record.position().map_or(0, csv::Position::line));
                }
            }
            // A damaged line where the loaded export stopped too: the rows before it count.
            Err(_) if users == export_rows => break,
            Err(error) => return Err(changed(error.to_string())),
        }
    }
    if users != export_rows {
        return Err(changed(format!(
            "it now has {users} user rows, {export_rows} when loaded"
        )));
    }
    Ok((lines, seen))
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
