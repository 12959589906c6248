//! The users reached through the user groups bound to the KnowBe4 application, as the operator
//! has them in a UTF-8 text file: a plain list with one username or email a line, or a CSV
//! whose header names a username or email column (found by the same header names as the user
//! export's). No source describes a JumpCloud export of a group's members, so none is assumed.
//!
//! The format is told by the first non-blank line: a header naming a username or email
//! column makes the file a CSV (comma, semicolon or tab separated); a line without a
//! separator is the first member of a plain list. The file is read whole, at most
//! [`MAX_MEMBERS_FILE_BYTES`], so a wrong file cannot fill the memory.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::users_csv::{EMAIL, FIELDS, USERNAME, normalize_header};

/// The largest members file read: 64 MiB holds far more than 100,000 usernames.
pub const MAX_MEMBERS_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One member as the file gives it, values trimmed; at least one of the two is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The file line the member is on (1 = the first line).
    pub line: u64,
    pub username: String,
    pub email: String,
}

impl Member {
    /// The values to look the member up by, non-empty ones only.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        [self.username.as_str(), self.email.as_str()]
            .into_iter()
            .filter(|key| !key.is_empty())
    }

    /// "ada <ada@example.com>", "ada" or "ada@example.com", as the file gave it.
    pub fn label(&self) -> String {
        match (self.username.is_empty(), self.email.is_empty()) {
            (false, false) => format!("{} <{}>", self.username, self.email),
            (false, true) => self.username.clone(),
            _ => self.email.clone(),
        }
    }
}

/// How the file was read, for the operator to check that the right column was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembersFormat {
    /// One username or email a line.
    List,
    /// A CSV with these columns (header names as written in the file).
    Csv {
        username_column: Option<String>,
        email_column: Option<String>,
    },
}

impl MembersFormat {
    /// In words: "one username or email a line", "CSV, column 'Email'".
    pub fn describe(&self) -> String {
        match self {
            Self::List => "one username or email a line".to_owned(),
            Self::Csv {
                username_column,
                email_column,
            } => {
                let columns: Vec<String> = [username_column, email_column]
                    .into_iter()
                    .flatten()
                    .map(|name| format!("'{name}'"))
                    .collect();
                format!("CSV, column {}", columns.join(" and "))
            }
        }
    }
}

/// The members read from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberList {
    pub members: Vec<Member>,
    pub format: MembersFormat,
}

/// Why a members file cannot be used. Nothing is used from a file with an error: a list
/// cut short would shrink the comparison without saying so.
#[derive(Debug, thiserror::Error)]
pub enum MembersError {
    #[error("cannot open '{}': {source}. Check the path and that you may read the file.", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the members file: {0}")]
    Read(std::io::Error),
    #[error(
        "the members file is larger than {} MiB: it should list one username or email a line, \
         or be a CSV with a username or email column",
        MAX_MEMBERS_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge,
    #[error(
        "line {line} of the members file is not UTF-8 text. Save it as UTF-8 (in Excel: \"CSV UTF-8\") \
         and load it again."
    )]
    NotUtf8 { line: u64 },
    #[error(
        "the members file holds no username or email. List one username or email a line, or \
         give a CSV (comma, semicolon or tab separated) whose first line names a username or \
         email column."
    )]
    Empty,
    #[error(
        "the first line of the members file looks like a CSV header but has no username or email \
         column. Found: {}. Accepted names: username (or login); email (or Company Email, Work \
         Email, Email Address).",
        found.join(", ")
    )]
    NoColumn { found: Vec<String> },
    #[error(
        "line {line} of the members file: {message}. Fix that line and load the file again; \
         nothing of this file was used."
    )]
    Malformed { line: u64, message: String },
}

/// The name results show for `path`: its file name (the folder may name a person), or the
/// whole path when it has none.
pub fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads the members file at `path`. See [`read_members`].
pub fn read_members_file(path: &Path) -> Result<MemberList, MembersError> {
    let file = File::open(path).map_err(|source| MembersError::Open {
        path: path.to_owned(),
        source,
    })?;
    read_members(file)
}

/// Reads a members list or a members CSV, whole or not at all.
pub fn read_members(input: impl Read) -> Result<MemberList, MembersError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_MEMBERS_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(MembersError::Read)?;
    if bytes.len() as u64 > MAX_MEMBERS_FILE_BYTES {
        return Err(MembersError::TooLarge);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| MembersError::NotUtf8 {
        line: line_of(bytes, error.valid_up_to()),
    })?;
    // One line ending for the CSV reader, whose line count misses CRs.
    let text = text.replace("\r\n", "\n");
    let Some((skipped, first)) = text
        .split('\n')
        .enumerate()
        .find(|(_, line)| !line.trim().is_empty())
    else {
        return Err(MembersError::Empty);
    };
    let list = match header_of(first) {
        Header::Csv(delimiter) => read_csv(&text, skipped as u64, delimiter)?,
        Header::Unknown(found) => return Err(MembersError::NoColumn { found }),
        Header::None => read_list(&text),
    };
    if list.members.is_empty() {
        return Err(MembersError::Empty);
    }
    Ok(list)
}

/// The 1-based line holding byte `offset`.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let before = bytes.get(..offset).unwrap_or(bytes);
    before.iter().filter(|b| **b == b'\n').count() as u64 + 1
}

enum Header {
    /// A CSV header with a username or email column, separated by this byte.
    Csv(u8),
    /// Separated cells, none of them a known column name.
    Unknown(Vec<String>),
    /// No header: the line is a member.
    None,
}

fn header_of(line: &str) -> Header {
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .find(|d| line.as_bytes().contains(d));
    let cells: Vec<&str> = match delimiter {
        Some(d) => line.split(char::from(d)).collect(),
        None => vec![line],
    };
    let known = cells.iter().any(|cell| column_slot(cell).is_some());
    match (known, delimiter) {
        (true, d) => Header::Csv(d.unwrap_or(b',')),
        (false, Some(_)) => Header::Unknown(
            cells
                .iter()
                .map(|cell| cell.trim().trim_matches('"').to_owned())
                .collect(),
        ),
        (false, None) => Header::None,
    }
}

/// `USERNAME` or `EMAIL` when `header` names that column.
fn column_slot(header: &str) -> Option<usize> {
    let normalized = normalize_header(header);
    [USERNAME, EMAIL]
        .into_iter()
        .find(|slot| FIELDS[*slot].1.contains(&normalized.as_str()))
}

fn read_list(text: &str) -> MemberList {
    let members = text
        .split('\n')
        .enumerate()
        .filter_map(|(index, line)| {
            let value = line.trim();
            if value.is_empty() {
                return None;
            }
            let (username, email) = if value.contains('@') {
                (String::new(), value.to_owned())
            } else {
                (value.to_owned(), String::new())
            };
            Some(Member {
                line: index as u64 + 1,
                username,
                email,
            })
        })
        .collect();
    MemberList {
        members,
        format: MembersFormat::List,
    }
}

/// Reads the CSV starting at its header, `skipped` blank lines into `text`.
fn read_csv(text: &str, skipped: u64, delimiter: u8) -> Result<MemberList, MembersError> {
    let start: usize = text
        .split('\n')
        .take(skipped as usize)
        .map(|l| l.len() + 1)
        .sum();
    let body = text.get(start..).unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let malformed = |error: &csv::Error| MembersError::Malformed {
        line: error.position().map_or(0, csv::Position::line) + skipped,
        message: match error.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "{len} fields where the header has {expected_len}; a quote may be missing or a \
                 separator extra"
            ),
            _ => error.to_string(),
        },
    };
    let headers = reader.headers().map_err(|e| malformed(&e))?.clone();
    let column = |slot: usize| {
        headers
            .iter()
            .position(|header| column_slot(header) == Some(slot))
    };
    let (username_column, email_column) = (column(USERNAME), column(EMAIL));
    let mut members = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| malformed(&e))?;
        let cell = |column: Option<usize>| {
            column
                .and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let (username, email) = (cell(username_column), cell(email_column));
        if username.is_empty() && email.is_empty() {
            continue;
        }
        members.push(Member {
            line: record.position().map_or(0, csv::Position::line) + skipped,
            username,
            email,
        });
    }
    let name = |column: Option<usize>| column.and_then(|c| headers.get(c)).map(str::to_owned);
    Ok(MemberList {
        members,
        format: MembersFormat::Csv {
            username_column: name(username_column),
            email_column: name(email_column),
        },
    })
}

#[cfg(test)]
#[path = "members_tests.rs"]
mod tests;
