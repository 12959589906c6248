//! Shared helpers for the CSV files this app writes (problem lists, reconciliation lists).

/// Makes a cell safe to open in a spreadsheet: a value starting with `=`, `+`, `-`, `@`,
/// tab or carriage return would be run as a formula by Excel, so it gets a leading `'`.
/// Exported data comes from user directories and must never execute on the operator's PC.
pub fn safe_cell(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{value}")),
        _ => std::borrow::Cow::Borrowed(value),
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "cannot write the CSV file: {0}. Check that the folder exists and you may write to it."
    )]
    Csv(#[from] csv::Error),
    #[error(
        "cannot write the CSV file: {0}. Check that the folder exists and you may write to it."
    )]
    Io(#[from] std::io::Error),
}

/// Writes a header and rows, each cell passed through [`safe_cell`].
pub fn write_rows<W, R, C>(writer: W, header: &[&str], rows: R) -> Result<(), ExportError>
where
    W: std::io::Write,
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(header)?;
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|cell| safe_cell(&cell).into_owned())
            .collect();
        csv.write_record(&cells)?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("ada@example.com"), "ada@example.com");
        assert_eq!(safe_cell(""), "");
    }

    #[test]
    fn rows_are_quoted_when_needed() {
        let mut out = Vec::new();
        let rows = vec![vec!["a,b".to_owned(), "line\nbreak".to_owned()]];
        assert!(write_rows(&mut out, &["x", "y"], rows).is_ok());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "x,y\n\"a,b\",\"line\nbreak\"\n"
        );
    }
}
