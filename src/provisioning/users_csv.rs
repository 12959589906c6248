//! Reads the user list exported from JumpCloud's Admin Portal as CSV.
//!
//! Columns are found by header name in any order; other columns are ignored. Header names
//! are compared after lowercasing and dropping everything but letters and digits, so
//! `First Name`, `first_name` and `firstname` are one name. Accepted spellings:
//!
//! | field      | headers                                                          |
//! |------------|------------------------------------------------------------------|
//! | email      | email, Company Email, Work Email, Email Address, Primary Email, mail |
//! | username   | username, User Name, login, Login Name                           |
//! | first name | firstname, First Name, Given Name                                |
//! | last name  | lastname, Last Name, Family Name, Surname                        |
//!
//! UTF-8 with or without a byte-order mark, quoted fields with commas or line breaks, and
//! CRLF line endings are read as they are. Values are kept untrimmed so that the pre-flight
//! can report surrounding spaces. A malformed record stops reading with its line number;
//! the users read before it are kept.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One user row of the export, values as written in the file (not trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvUser {
    /// The file line on which this record starts (1 = the header line).
    pub line: u64,
    pub username: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// An export row for unit tests, values as given.
#[cfg(test)]
pub(crate) fn test_row(line: u64, username: &str, email: &str, first: &str, last: &str) -> CsvUser {
    CsvUser {
        line,
        username: username.into(),
        email: email.into(),
        first_name: first.into(),
        last_name: last.into(),
    }
}

/// Where reading stopped early, and why, written for the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvReadError {
    pub line: u64,
    pub message: String,
}

/// The users read from the file, and the error that stopped reading early, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersCsv {
    pub users: Vec<CsvUser>,
    pub read_error: Option<CsvReadError>,
}

/// Why no user could be read at all.
#[derive(Debug, thiserror::Error)]
pub enum UsersCsvError {
    #[error("cannot open '{}': {source}. Check the path and that you may read the file.", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the file is empty: export the user list from JumpCloud again")]
    Empty,
    #[error(
        "cannot read the header line: {0}. Export the user list from JumpCloud again as CSV (UTF-8)."
    )]
    Header(String),
    #[error(
        "the header line has no column for {}. Found: {}. Accepted names: email or Company Email; \
         username; firstname or First Name; lastname or Last Name.",
        missing.join(", "), found.join(", ")
    )]
    MissingColumns {
        missing: Vec<&'static str>,
        found: Vec<String>,
    },
}

// Column slots, in `FIELDS` order.
pub(super) const EMAIL: usize = 0;
pub(super) const USERNAME: usize = 1;
const FIRST_NAME: usize = 2;
const LAST_NAME: usize = 3;

/// The label used in messages, and the accepted normalized header names, best first.
pub(super) const FIELDS: [(&str, &[&str]); 4] = [
    (
        "email",
        &[
            "email",
            "companyemail",
            "workemail",
            "emailaddress",
            "primaryemail",
            "mail",
        ],
    ),
    ("username", &["username", "login", "loginname"]),
    ("first name", &["firstname", "givenname"]),
    ("last name", &["lastname", "familyname", "surname"]),
];

pub(super) fn normalize_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Column index of each field, in `FIELDS` order. A lower alias rank wins when two
/// columns match one field (`email` beats `mail`); on a tie the leftmost column wins.
fn find_columns(headers: &csv::StringRecord) -> Result<[usize; 4], UsersCsvError> {
    let normalized: Vec<String> = headers.iter().map(normalize_header).collect();
    let mut found = [usize::MAX; 4];
    let mut missing = Vec::new();
    for (slot, (label, aliases)) in FIELDS.iter().enumerate() {
        let best = aliases
            .iter()
            .find_map(|alias| normalized.iter().position(|header| header == alias));
        match best {
            Some(column) => found[slot] = column,
            None => missing.push(*label),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(UsersCsvError::MissingColumns {
            missing,
            found: headers.iter().map(str::to_owned).collect(),
        })
    }
}

/// Reads the export at `path`. See [`read_users_csv`].
pub fn read_users_csv_file(path: &Path) -> Result<UsersCsv, UsersCsvError> {
    let file = File::open(path).map_err(|source| UsersCsvError::Open {
        path: path.to_owned(),
        source,
    })?;
    read_users_csv(file)
}

/// Reads a JumpCloud user export. Fails only when no user can be read (empty file, no
/// usable header); a problem further down is returned in [`UsersCsv::read_error`].
pub fn read_users_csv(input: impl Read) -> Result<UsersCsv, UsersCsvError> {
    let (mut reader, headers) = open_export(input)?;
    let columns = find_columns(&headers)?;
    let mut users = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => {
                return Ok(UsersCsv {
                    users,
                    read_error: None,
                });
            }
            Ok(true) => {
                if let Some(user) = to_user(&record, &columns) {
                    users.push(user);
                }
            }
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                let read_error = CsvReadError {
                    line,
                    message: describe(&error, users.len()),
                };
                return Ok(UsersCsv {
                    users,
                    read_error: Some(read_error),
                });
            }
        }
    }
}

/// A CSV reader of an export positioned after its header line, and that header. Shared by
/// [`read_users_csv`] and readers of other columns, so both count lines alike.
pub(super) fn open_export<R: Read>(
    input: R,
) -> Result<(csv::Reader<impl Read>, csv::StringRecord), UsersCsvError> {
    let mut buffered = BufReader::new(input);
    skip_utf8_bom(&mut buffered).map_err(|e| UsersCsvError::Header(e.to_string()))?;
    // The csv crate under-counts lines with CRLF endings; reading LF only keeps the line
    // numbers in messages right. A CRLF inside a quoted field becomes LF, which is harmless.
    let buffered = CrlfToLf {
        inner: buffered,
        pending_cr: false,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::None)
        .from_reader(buffered);
    let headers = reader
        .headers()
        .map_err(|e| UsersCsvError::Header(describe(&e, 0)))?
        .clone();
    if headers.is_empty() || headers.iter().all(str::is_empty) {
        return Err(UsersCsvError::Empty);
    }
    Ok((reader, headers))
}

/// True for a record of empty cells, which spreadsheets add at the end of an export.
pub(super) fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|value| value.trim().is_empty())
}

/// Spreadsheet exports often end with rows of empty cells; those are not users.
fn to_user(record: &csv::StringRecord, columns: &[usize; 4]) -> Option<CsvUser> {
    if is_blank(record) {
        return None;
    }
    let get = |slot: usize| record.get(columns[slot]).unwrap_or("").to_owned();
    Some(CsvUser {
        line: record.position().map_or(0, csv::Position::line),
        username: get(USERNAME),
        email: get(EMAIL),
        first_name: get(FIRST_NAME),
        last_name: get(LAST_NAME),
    })
}

/// A reader that turns each CRLF into LF, also across buffer boundaries. A lone CR is kept.
struct CrlfToLf<R> {
    inner: R,
    /// A CR ended the previous read; whether it is kept depends on the next byte.
    pending_cr: bool,
}

impl<R: BufRead> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                if self.pending_cr {
                    out[written] = b'\r';
                    self.pending_cr = false;
                    written += 1;
                }
                break;
            }
            if self.pending_cr {
                self.pending_cr = false;
                if chunk[0] != b'\n' {
                    out[written] = b'\r';
                    written += 1;
                    continue;
                }
            }
            let mut used = 0;
            while used < chunk.len() && written < out.len() {
                let byte = chunk[used];
                used += 1;
                if byte == b'\r' {
                    if used == chunk.len() {
                        self.pending_cr = true;
                        break;
                    }
                    if chunk[used] == b'\n' {
                        continue;
                    }
                }
                out[written] = byte;
                written += 1;
            }
            self.inner.consume(used);
            if written > 0 && self.pending_cr {
                break;
            }
        }
        Ok(written)
    }
}

fn skip_utf8_bom(reader: &mut impl BufRead) -> std::io::Result<()> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if reader.fill_buf()?.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    Ok(())
}

pub(super) fn describe(error: &csv::Error, rows_kept: usize) -> String {
    let line = error.position().map_or(0, csv::Position::line);
    let kept = format!("The {rows_kept} user row(s) before it were kept.");
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "line {line} has {len} fields but the header has {expected_len}: a quote may be missing or \
             a comma extra. Fix that line and load the file again. {kept}"
        ),
        csv::ErrorKind::Utf8 { .. } => format!(
            "line {line} is not UTF-8 text. Save the file as UTF-8 (in Excel: \"CSV UTF-8\") and load \
             it again. {kept}"
        ),
        _ => format!("reading stopped at line {line}: {error}. {kept}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> UsersCsv {
        match read_users_csv(text.as_bytes()) {
            Ok(csv) => csv,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    #[test]
    fn crlf_becomes_lf_across_tiny_buffers() {
        let input = b"a\r\nb\rc\r\n\r";
        let mut reader = CrlfToLf {
            inner: BufReader::with_capacity(1, &input[..]),
            pending_cr: false,
        };
        let mut out = Vec::new();
        assert!(reader.read_to_end(&mut out).is_ok());
        assert_eq!(out, b"a\nb\rc\n\r");
    }

    #[test]
    fn headers_are_normalized() {
        assert_eq!(normalize_header(" First_Name "), "firstname");
        assert_eq!(normalize_header("Company E-mail"), "companyemail");
    }

    #[test]
    fn email_beats_mail_whatever_the_order() {
        let csv = read("mail,username,firstname,lastname,email\nm@x.com,u,F,L,e@x.com\n");
        assert_eq!(csv.users[0].email, "e@x.com");
    }

    #[test]
    fn missing_column_is_named() {
        let err = read_users_csv("email,username,firstname\n".as_bytes());
        match err {
            Err(UsersCsvError::MissingColumns { missing, .. }) => {
                assert_eq!(missing, vec!["last name"])
            }
            other => panic!("expected missing columns, got {other:?}"),
        }
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(matches!(
            read_users_csv(&b""[..]),
            Err(UsersCsvError::Empty)
        ));
    }

    #[test]
    fn blank_spreadsheet_rows_are_skipped() {
        let csv = read("email,username,firstname,lastname\n,,,\na@x.com,a,A,B\n");
        assert_eq!(csv.users.len(), 1);
        assert_eq!(csv.users[0].line, 3);
    }
}
