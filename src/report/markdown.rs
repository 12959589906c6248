//! The report as GitHub-flavoured Markdown. Every value is escaped, so a pasted value can
//! neither break a table (`|`, line breaks) nor turn into markup or a link.

use super::layout::{Block, Inline, Line, layout};
use super::model::SetupReport;

/// The report as Markdown, ending with one line break.
pub fn render_markdown(report: &SetupReport) -> String {
    let rendered: Vec<String> = layout(report).iter().map(block).collect();
    let mut out = rendered.join("\n\n");
    out.push('\n');
    out
}

fn block(block: &Block) -> String {
    match block {
        Block::Title(title) => format!("# {}", escape_markdown(title)),
        Block::Heading(title) => format!("## {}", escape_markdown(title)),
        Block::Subheading(title) => format!("### {}", escape_markdown(title)),
        Block::Paragraph(line) => inline_line(line, false),
        Block::Facts(facts) => {
            let rows: Vec<Vec<String>> = facts
                .iter()
                .map(|(name, value)| vec![escape_cell(name), inline_line(value, true)])
                .collect();
            table(&["Item".to_owned(), "Value".to_owned()], &rows)
        }
        Block::Table { headers, rows } => {
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|row| row.iter().map(|cell| inline_line(cell, true)).collect())
                .collect();
            table(headers, &rows)
        }
        Block::Bullets(lines) => lines
            .iter()
            .map(|line| format!("- {}", inline_line(line, false)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Ticks(ticks) => ticks
            .iter()
            .map(|(ticked, label)| {
                // GitHub-flavoured task-list items: rendered as checkboxes, plain ASCII in text.
                let mark = if *ticked { "[x]" } else { "[ ]" };
                format!("- {mark} {}", escape_markdown(label))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        // A quote, so it never merges with a list just above it.
        Block::Attention(items) => items
            .iter()
            .map(|item| format!("> **Needs attention:** {}", escape_markdown(item)))
            .collect::<Vec<_>>()
            .join("\n>\n"),
    }
}

fn table(headers: &[String], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = headers.iter().map(|h| escape_cell(h)).collect();
    let mut lines = vec![
        format!("| {} |", header.join(" | ")),
        format!("|{}", " --- |".repeat(headers.len())),
    ];
    lines.extend(rows.iter().map(|row| format!("| {} |", row.join(" | "))));
    lines.join("\n")
}

fn inline_line(line: &Line, in_table: bool) -> String {
    line.iter()
        .map(|part| match part {
            Inline::Text(text) => escape_markdown(text),
            Inline::Emphasis(text) => wrap("*", &escape_markdown(text)),
            Inline::Strong(text) => wrap("**", &escape_markdown(text)),
            Inline::Code(text) => code_span(text, in_table),
        })
        .collect()
}

fn wrap(marker: &str, text: &str) -> String {
    if text.trim().is_empty() {
        return text.to_owned();
    }
    format!("{marker}{text}{marker}")
}

fn escape_cell(text: &str) -> String {
    escape_markdown(text)
}

/// Text that Markdown shows literally: punctuation that could start markup is
/// backslash-escaped (CommonMark allows that for any ASCII punctuation), and line breaks
/// become spaces, so the text stays on its line or in its table cell.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '&' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span that holds `text` exactly: the fence is longer than any run of backticks
/// inside. In a table, `|` is escaped (GitHub removes that backslash before reading the span).
fn code_span(text: &str, in_table: bool) -> String {
    let mut body: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.is_empty() {
        return String::new();
    }
    if in_table {
        body = body.replace('|', "\\|");
    }
    let longest_run = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_and_line_breaks_are_neutralised() {
        assert_eq!(
            escape_markdown("a|b\n*c* [x](y) <b>"),
            "a\\|b \\*c\\* \\[x\\](y) \\<b>"
        );
        assert_eq!(escape_markdown("C:\\path"), "C:\\\\path");
        assert_eq!(escape_markdown("plain text, 42."), "plain text, 42.");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code_span("AB:CD", true), "`AB:CD`");
        assert_eq!(code_span("a`b", false), "``a`b``");
        assert_eq!(code_span("`x", false), "`` `x ``");
        assert_eq!(code_span("a|b", true), "`a\\|b`");
        assert_eq!(code_span("a|b", false), "`a|b`");
        assert_eq!(code_span("a\nb", false), "`a b`");
    }

    #[test]
    fn tables_have_one_row_per_line() {
        let rendered = table(
            &["A".to_owned(), "B".to_owned()],
            &[vec!["1".to_owned(), "2".to_owned()]],
        );
        assert_eq!(rendered, "| A | B |\n| --- | --- |\n| 1 | 2 |");
    }
}
