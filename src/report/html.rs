//! The report as one self-contained HTML page: inline CSS, no scripts, nothing fetched. It is
//! written as polyglot markup (every element closed, attributes quoted, only XML's own
//! entities), so it parses as XML too, and its print styles make a clean black-on-white PDF
//! from any browser's "Print to PDF".

use std::fmt::Write as _;

use super::layout::{Block, Inline, Line, layout};
use super::model::SetupReport;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt; line-height: 1.4; color: #000; background: #fff;
  max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 0.5em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.5em; padding-bottom: 0.15em; border-bottom: 1px solid #000;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; break-after: avoid; page-break-after: avoid; }
p { margin: 0.4em 0 0.8em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
th, td { border: 1px solid #555; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
thead th { font-weight: 700; }
table.facts th { width: 34%; font-weight: 600; }
tr, li, section.step { break-inside: avoid; page-break-inside: avoid; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.92em; overflow-wrap: anywhere; }
td { overflow-wrap: anywhere; }
ul.ticks { list-style: none; padding-left: 0.2em; margin: 0.3em 0 0.6em; }
ul.ticks .mark { display: inline-block; width: 1.4em; }
ul.attention { list-style: none; margin: 0.4em 0 0.8em; padding: 0.4em 0.7em; border: 2px solid #000; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { margin-top: 1.2em; }
}
"#;

/// The report as an HTML page.
pub fn render_html(report: &SetupReport) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n");
    out.push_str("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n");
    out.push_str("<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(out, "<title>{}</title>", escape_html(&report.title()));
    let _ = writeln!(out, "<style>{STYLE}</style>");
    out.push_str("</head>\n<body>\n<main>\n");
    let mut in_step = false;
    for block in layout(report) {
        // A sub-heading and what follows it form one section, kept together on a page.
        let starts_section = matches!(block, Block::Subheading(_) | Block::Heading(_));
        if starts_section && in_step {
            out.push_str("</section>\n");
            in_step = false;
        }
        if matches!(block, Block::Subheading(_)) {
            out.push_str("<section class=\"step\">\n");
            in_step = true;
        }
        out.push_str(&render_block(&block));
        out.push('\n');
    }
    if in_step {
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn render_block(block: &Block) -> String {
    match block {
        Block::Title(title) => format!("<h1>{}</h1>", escape_html(title)),
        Block::Heading(title) => format!("<h2>{}</h2>", escape_html(title)),
        Block::Subheading(title) => format!("<h3>{}</h3>", escape_html(title)),
        Block::Paragraph(line) => format!("<p>{}</p>", inline_line(line)),
        Block::Facts(facts) => {
            let mut out = String::from("<table class=\"facts\">\n<tbody>\n");
            for (name, value) in facts {
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    escape_html(name),
                    inline_line(value)
                );
            }
            out.push_str("</tbody>\n</table>");
            out
        }
        Block::Table { headers, rows } => table(headers, rows),
        Block::Bullets(lines) => list("", lines.iter().map(inline_line)),
        Block::Ticks(ticks) => list(
            " class=\"ticks\"",
            ticks.iter().map(|(ticked, label)| {
                let (mark, state) = if *ticked {
                    ('☑', "done")
                } else {
                    ('☐', "not done")
                };
                format!(
                    "<span class=\"mark\" title=\"{state}\">{mark}</span>{}",
                    escape_html(label)
                )
            }),
        ),
        Block::Attention(items) => list(
            " class=\"attention\"",
            items
                .iter()
                .map(|item| format!("<strong>Needs attention:</strong> {}", escape_html(item))),
        ),
    }
}

fn table(headers: &[String], rows: &[Vec<Line>]) -> String {
    let mut out = String::from("<table>\n<thead>\n<tr>");
    for header in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape_html(header));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", inline_line(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>");
    out
}

fn list(class: &str, items: impl Iterator<Item = String>) -> String {
    let mut out = format!("<ul{class}>\n");
    for item in items {
        let _ = writeln!(out, "<li>{item}</li>");
    }
    out.push_str("</ul>");
    out
}

fn inline_line(line: &Line) -> String {
    line.iter()
        .map(|part| match part {
            Inline::Text(text) => escape_html(text),
            Inline::Code(text) => format!("<code>{}</code>", escape_html(text)),
            Inline::Emphasis(text) => format!("<em>{}</em>", escape_html(text)),
            Inline::Strong(text) => format!("<strong>{}</strong>", escape_html(text)),
        })
        .collect()
}

/// Text safe inside an element or a quoted attribute, in HTML and in XML alike: the five
/// markup characters become entities, and characters XML cannot hold (controls other than
/// tab and line breaks, U+FFFE, U+FFFF) become a space or U+FFFD.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_close_elements_or_attributes() {
        assert_eq!(
            escape_html("</td><script>alert('x')</script>"),
            "&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape_html("a\"b & c"), "a&quot;b &amp; c");
        assert_eq!(escape_html("bell\u{7}\r end\u{FFFF}"), "bell   end\u{FFFD}");
        assert_eq!(escape_html("Zürich ☑"), "Zürich ☑");
    }

    #[test]
    fn the_style_sheet_is_safe_inside_xml() {
        // `<` or `&` in the CSS would make the page invalid XML.
        assert!(!STYLE.contains('<') && !STYLE.contains('&'));
        assert!(STYLE.contains("@media print") && STYLE.contains("@page"));
        assert!(STYLE.contains("overflow-wrap: anywhere"));
        assert!(STYLE.contains("break-inside: avoid"));
    }
}
