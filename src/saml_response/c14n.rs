//! Exclusive XML Canonicalization 1.0 (W3C REC-xml-exc-c14n-20020718) of an element subtree.
//!
//! XML-DSig digests and signs bytes, not trees, so both sides must write the same tree the
//! same way. SAML IdPs (JumpCloud included) sign with exclusive C14N: namespace declarations
//! are written only where a name uses them, attributes are sorted, and text is escaped in one
//! fixed way. The element is written in its document context: a prefix declared on an
//! ancestor is still declared on the first output element that uses it.

use std::collections::{BTreeMap, HashMap};

use roxmltree::Node;

/// The algorithm URI of exclusive C14N without comments.
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// The algorithm URI of exclusive C14N with comments.
pub const EXC_C14N_WITH_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";

/// How to canonicalize.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct C14nOptions {
    /// Keep comments (the `#WithComments` variant).
    pub with_comments: bool,
    /// The InclusiveNamespaces PrefixList: prefixes written as inclusive C14N would
    /// (`#default` names the default namespace).
    pub inclusive_prefixes: Vec<String>,
}

/// Prefix ("" for the default namespace) → the namespace URIs declared for it by the open
/// output elements, innermost last. An element pushes what it declares and pops it when it
/// closes, so nothing is copied per element.
#[derive(Default)]
struct Rendered<'a> {
    by_prefix: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Rendered<'a> {
    fn current(&self, prefix: &str) -> Option<&'a str> {
        self.by_prefix
            .get(prefix)
            .and_then(|uris| uris.last().copied())
    }

    fn push(&mut self, declarations: &[(&'a str, &'a str)]) {
        for (prefix, uri) in declarations {
            self.by_prefix.entry(prefix).or_default().push(uri);
        }
    }

    fn pop(&mut self, declarations: &[(&'a str, &'a str)]) {
        for (prefix, _) in declarations {
            if let Some(uris) = self.by_prefix.get_mut(prefix) {
                uris.pop();
            }
        }
    }
}

enum Step<'a, 'input> {
    Open(Node<'a, 'input>),
    /// The end tag, and the declarations its start tag pushed.
    Close(&'input str, Vec<(&'a str, &'a str)>),
    Leaf(Node<'a, 'input>),
}

/// Canonicalizes `apex` and its descendants, leaving out `excluded` and its subtree (the
/// enveloped-signature transform). `apex` is an element, or the document's root node for the
/// whole document (a `URI=""` reference); anything else gives an empty string.
pub fn canonicalize<'a, 'input>(
    apex: Node<'a, 'input>,
    excluded: Option<Node<'a, 'input>>,
    options: &'a C14nOptions,
) -> String {
    if apex.is_root() {
        return canonicalize_document(apex, excluded, options);
    }
    let mut out = String::new();
    if !apex.is_element() {
        return out;
    }
    // No default namespace is in effect above the apex: the empty URI stands for "none".
    let mut rendered = Rendered::default();
    rendered.push(&[("", "")]);
    // An explicit stack: a deeply nested document must not overflow the call stack.
    let mut steps = vec![Step::Open(apex)];
    while let Some(step) = steps.pop() {
        match step {
            Step::Open(element) => {
                let name = qualified_name(element);
                // The parent was written just before, with every PrefixList prefix resolved:
                // below the apex only the prefixes this element rebinds can need a declaration.
                let rebound = (element != apex)
                    .then(|| element.parent_element())
                    .flatten()
                    .map(|parent| rebound_prefixes(element, parent));
                let context = TagContext {
                    rendered: &rendered,
                    options,
                    rebound,
                };
                let declarations = write_start_tag(&mut out, element, name, &context);
                rendered.push(&declarations);
                steps.push(Step::Close(name, declarations));
                let children: Vec<_> = element
                    .children()
                    .filter(|child| Some(*child) != excluded)
                    .collect();
                for child in children.into_iter().rev() {
                    if child.is_element() {
                        steps.push(Step::Open(child));
                    } else {
                        steps.push(Step::Leaf(child));
                    }
                }
            }
            Step::Close(name, declarations) => {
                rendered.pop(&declarations);
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Step::Leaf(node) => write_leaf(&mut out, node, options.with_comments),
        }
    }
    out
}

// C14N 1.0 section 2.1 on a whole document: the document element, with the processing
// instructions (and comments, when kept) outside it on their own lines; nothing else outside
// the document element is written (no XML declaration, no whitespace).
fn canonicalize_document<'a, 'input>(
    root: Node<'a, 'input>,
    excluded: Option<Node<'a, 'input>>,
    options: &'a C14nOptions,
) -> String {
    let mut out = String::new();
    let mut after_element = false;
    for child in root.children().filter(|child| Some(*child) != excluded) {
        if child.is_element() {
            out.push_str(&canonicalize(child, excluded, options));
            after_element = true;
            continue;
        }
        let mut leaf = String::new();
        if !child.is_text() {
            write_leaf(&mut leaf, child, options.with_comments);
        }
        if leaf.is_empty() {
            continue;
        }
        if after_element {
            out.push('\n');
            out.push_str(&leaf);
        } else {
            out.push_str(&leaf);
            out.push('\n');
        }
    }
    out
}

// Writes `<name xmlns... attrs...>` and returns the declarations it wrote.
fn write_start_tag<'a>(
    out: &mut String,
    element: Node<'a, '_>,
    name: &'a str,
    context: &TagContext<'a, '_>,
) -> Vec<(&'a str, &'a str)> {
    let declarations = namespaces_to_render(element, name, context);
    out.push('<');
    out.push_str(name);
    for (prefix, uri) in &declarations {
        out.push_str(" xmlns");
        if !prefix.is_empty() {
            out.push(':');
            out.push_str(prefix);
        }
        out.push_str("=\"");
        push_escaped_attribute(out, uri);
        out.push('"');
    }
    let input = element.document().input_text();
    let mut attributes: Vec<_> = element.attributes().collect();
    // C14N 1.0 section 2.2: by namespace URI (none first), then local name.
    attributes.sort_by(|a, b| {
        (a.namespace().unwrap_or(""), a.name()).cmp(&(b.namespace().unwrap_or(""), b.name()))
    });
    for attribute in attributes {
        out.push(' ');
        out.push_str(
            input
                .get(attribute.range_qname())
                .unwrap_or(attribute.name()),
        );
        out.push_str("=\"");
        push_escaped_attribute(out, attribute.value());
        out.push('"');
    }
    out.push('>');
    declarations
}

// Exclusive C14N section 3: a namespace is written where it is visibly utilized (by the
// element's name or an attribute's name) or listed in the PrefixList, unless the nearest
// output ancestor already wrote the same declaration. Sorted: default namespace first.
fn namespaces_to_render<'a>(
    element: Node<'a, '_>,
    name: &'a str,
    context: &TagContext<'a, '_>,
) -> Vec<(&'a str, &'a str)> {
    let input = element.document().input_text();
    let mut candidates: BTreeMap<&str, &str> = BTreeMap::from([(prefix_of(name), "")]);
    for attribute in element.attributes() {
        let qname = input.get(attribute.range_qname()).unwrap_or("");
        if let Some((prefix, _)) = qname.split_once(':') {
            candidates.insert(prefix, "");
        }
    }
    let listed = context.options.inclusive_prefixes.iter().map(|prefix| {
        if prefix == "#default" {
            ""
        } else {
            prefix.as_str()
        }
    });
    match &context.rebound {
        None => candidates.extend(listed.map(|prefix| (prefix, ""))),
        Some(rebound) => {
            for prefix in listed.filter(|prefix| rebound.contains(prefix)) {
                candidates.insert(prefix, "");
            }
        }
    }
    // One pass over the namespaces in scope resolves every candidate; an undeclared one keeps
    // the empty URI.
    for namespace in element.namespaces() {
        if let Some(uri) = candidates.get_mut(namespace.name().unwrap_or("")) {
            *uri = namespace.uri();
        }
    }
    let mut declarations = Vec::new();
    for (prefix, uri) in candidates {
        if prefix == "xml" {
            continue; // bound by definition, never declared
        }
        let already = context.rendered.current(prefix);
        let render = if prefix.is_empty() {
            already.unwrap_or("") != uri
        } else {
            !uri.is_empty() && already != Some(uri)
        };
        if render {
            declarations.push((prefix, uri));
        }
    }
    declarations
}

/// What writing one start tag needs besides the element.
struct TagContext<'a, 'r> {
    /// The declarations the output ancestors wrote.
    rendered: &'r Rendered<'a>,
    options: &'a C14nOptions,
    /// The prefixes bound differently than on the parent; `None` for the apex.
    rebound: Option<Vec<&'a str>>,
}

// The prefixes whose binding differs between `element` and its parent: declared on the
// element, or (for `xmlns=""`) no longer bound. roxmltree hands an element that declares
// nothing its parent's very list, and one that declares something a list that shares the
// parent's unchanged entries, so entries are compared by identity.
fn rebound_prefixes<'a>(element: Node<'a, '_>, parent: Node<'a, '_>) -> Vec<&'a str> {
    let mine: Vec<_> = element.namespaces().collect();
    let theirs: Vec<_> = parent.namespaces().collect();
    if mine.len() == theirs.len() && mine.iter().zip(&theirs).all(|(a, b)| std::ptr::eq(*a, *b)) {
        return Vec::new();
    }
    let absent_from = |list: &[&roxmltree::Namespace<'_>], namespace: &roxmltree::Namespace<'_>| {
        !list.iter().any(|other| std::ptr::eq(*other, namespace))
    };
    let added = mine.iter().filter(|n| absent_from(&theirs, n));
    let removed = theirs.iter().filter(|n| absent_from(&mine, n));
    added
        .chain(removed)
        .map(|namespace| namespace.name().unwrap_or(""))
        .collect()
}

fn write_leaf(out: &mut String, node: Node<'_, '_>, with_comments: bool) {
    if let Some(pi) = node.pi() {
        out.push_str("<?");
        out.push_str(pi.target);
        if let Some(value) = pi.value.filter(|value| !value.is_empty()) {
            out.push(' ');
            out.push_str(value);
        }
        out.push_str("?>");
    } else if node.is_text() {
        push_escaped_text(out, node.text().unwrap_or(""));
    } else if node.is_comment() && with_comments {
        out.push_str("<!--");
        out.push_str(node.text().unwrap_or(""));
        out.push_str("-->");
    }
}

/// The element's name as written in the document (with its prefix): roxmltree keeps only
/// the namespace URI, but canonical output must repeat the prefix.
pub fn qualified_name<'input>(element: Node<'_, 'input>) -> &'input str {
    let input = element.document().input_text();
    let after_open = input.get(element.range().start + 1..).unwrap_or("");
    let end = after_open
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(after_open.len());
    &after_open[..end]
}

fn prefix_of(qualified: &str) -> &str {
    qualified.split_once(':').map_or("", |(prefix, _)| prefix)
}

fn push_escaped_text(out: &mut String, text: &str) {
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(character),
        }
    }
}

fn push_escaped_attribute(out: &mut String, value: &str) {
    for character in value.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(character),
        }
    }
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    fn c14n_of(xml: &str, id: &str, options: &C14nOptions) -> String {
        let doc = Document::parse(xml).unwrap();
        let node = doc
            .descendants()
            .find(|n| n.attribute("ID") == Some(id))
            .unwrap();
        canonicalize(node, None, options)
    }

    #[test]
    fn ancestor_namespaces_are_declared_only_where_used() {
        let xml = r#"<p:Root xmlns:p="urn:p" xmlns:unused="urn:u" xmlns="urn:d"><p:A ID="a" b='1' a="2"><Child/><p:B/></p:A></p:Root>"#;
        assert_eq!(
            c14n_of(xml, "a", &C14nOptions::default()),
            r#"<p:A xmlns:p="urn:p" ID="a" a="2" b="1"><Child xmlns="urn:d"></Child><p:B></p:B></p:A>"#
        );
    }

    #[test]
    fn prefix_list_forces_a_declaration_and_default_namespace_can_be_undone() {
        let xml = r#"<r xmlns="urn:d" xmlns:x="urn:x"><a ID="a"><b xmlns=""/></a></r>"#;
        let options = C14nOptions {
            with_comments: false,
            inclusive_prefixes: vec!["x".into()],
        };
        assert_eq!(
            c14n_of(xml, "a", &options),
            r#"<a xmlns="urn:d" xmlns:x="urn:x" ID="a"><b xmlns=""></b></a>"#
        );
    }

    #[test]
    fn a_listed_prefix_is_declared_again_only_where_it_is_rebound() {
        let xml = r#"<r xmlns:x="urn:x"><a ID="a"><b xmlns:x="urn:y" xmlns:z="urn:z"><c xmlns:z="urn:z2"/></b><d/></a></r>"#;
        let options = C14nOptions {
            with_comments: false,
            inclusive_prefixes: vec!["x".into(), "z".into()],
        };
        assert_eq!(
            c14n_of(xml, "a", &options),
            r#"<a xmlns:x="urn:x" ID="a"><b xmlns:x="urn:y" xmlns:z="urn:z"><c xmlns:z="urn:z2"></c></b><d></d></a>"#
        );
    }

    #[test]
    fn attributes_sort_by_namespace_uri_then_local_name() {
        let xml = r#"<a xmlns:z="urn:a" xmlns:b="urn:b" ID="x" b:c="1" z:d="2" c="3"/>"#;
        assert_eq!(
            c14n_of(xml, "x", &C14nOptions::default()),
            r#"<a xmlns:b="urn:b" xmlns:z="urn:a" ID="x" c="3" z:d="2" b:c="1"></a>"#
        );
    }

    #[test]
    fn text_and_attributes_are_escaped_and_cdata_and_references_resolved() {
        let xml = "<a ID=\"x\" v=\"&lt;&amp;&gt;&quot;'&#9;&#10;&#13;\">x &amp; &lt;y&gt; <![CDATA[<z>]]>&#13;</a>";
        assert_eq!(
            c14n_of(xml, "x", &C14nOptions::default()),
            "<a ID=\"x\" v=\"&lt;&amp;>&quot;'&#x9;&#xA;&#xD;\">x &amp; &lt;y&gt; &lt;z&gt;&#xD;</a>"
        );
    }

    #[test]
    fn comments_are_kept_only_with_comments_and_pis_always() {
        let xml = "<a ID=\"x\"><!-- c --><?pi data?><?empty?></a>";
        assert_eq!(
            c14n_of(xml, "x", &C14nOptions::default()),
            "<a ID=\"x\"><?pi data?><?empty?></a>"
        );
        let with = C14nOptions {
            with_comments: true,
            ..C14nOptions::default()
        };
        assert_eq!(
            c14n_of(xml, "x", &with),
            "<a ID=\"x\"><!-- c --><?pi data?><?empty?></a>"
        );
    }

    #[test]
    fn excluded_subtree_is_left_out() {
        let doc = Document::parse(r#"<a ID="x"><s><t/></s>text</a>"#).unwrap();
        let root = doc.root_element();
        let excluded = root.first_element_child();
        assert_eq!(
            canonicalize(root, excluded, &C14nOptions::default()),
            "<a ID=\"x\">text</a>"
        );
    }

    #[test]
    fn a_whole_document_keeps_its_pis_on_their_own_lines_and_drops_the_rest() {
        let xml = "<?xml version=\"1.0\"?>\n<?a x?><!-- c -->\n<r ID=\"x\"><s/></r>\n<?b?>\n";
        let doc = Document::parse(xml).unwrap();
        let excluded = doc.root_element().first_element_child();
        assert_eq!(
            canonicalize(doc.root(), excluded, &C14nOptions::default()),
            "<?a x?>\n<r ID=\"x\"></r>\n<?b?>"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 50_000;
        let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let options = roxmltree::ParsingOptions {
            nodes_limit: 200_000,
            ..Default::default()
        };
        let doc = Document::parse_with_options(&xml, options).unwrap();
        let out = canonicalize(doc.root_element(), None, &C14nOptions::default());
        assert_eq!(out.len(), xml.len());
    }
}
