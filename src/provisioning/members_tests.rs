use super::*;

fn read(text: &str) -> MemberList {
    read_members(text.as_bytes()).unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

#[test]
fn a_plain_list_takes_one_member_a_line() {
    let list = read("\u{feff}ada\r\n\r\n  bob@example.com  \nzed\n");
    assert_eq!(list.format, MembersFormat::List);
    let got: Vec<(u64, &str, &str)> = list
        .members
        .iter()
        .map(|m| (m.line, m.username.as_str(), m.email.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(1, "ada", ""), (3, "", "bob@example.com"), (4, "zed", "")]
    );
}

#[test]
fn a_csv_export_is_read_by_its_columns() {
    let list = read(
        "\nid,Username,Company Email,Groups\n1,ada,ada@example.com,\"KB4, all\"\n2,,bob@example.com,x\n,,,\n",
    );
    assert_eq!(
        list.format,
        MembersFormat::Csv {
            username_column: Some("Username".into()),
            email_column: Some("Company Email".into())
        }
    );
    assert_eq!(list.members.len(), 2);
    assert_eq!(list.members[0].label(), "ada <ada@example.com>");
    assert_eq!(list.members[1].label(), "bob@example.com");
    // The header is on line 2 (a blank line first): members keep their file lines.
    assert_eq!((list.members[0].line, list.members[1].line), (3, 4));
    assert_eq!(
        list.format.describe(),
        "CSV, column 'Username' and 'Company Email'"
    );
}

#[test]
fn a_single_column_with_a_header_and_semicolons_are_csv() {
    let list = read("email\nada@example.com\n");
    assert_eq!(list.members[0].email, "ada@example.com");
    assert_eq!(list.members[0].line, 2);
    let list = read("name;login\nAda;ada\n");
    assert_eq!(list.members[0].username, "ada");
}

#[test]
fn a_header_without_a_known_column_is_refused_by_name() {
    match read_members("name,group\nAda,KB4\n".as_bytes()) {
        Err(MembersError::NoColumn { found }) => assert_eq!(found, vec!["name", "group"]),
        other => panic!("expected NoColumn, got {other:?}"),
    }
}

#[test]
fn empty_and_blank_files_are_refused() {
    for text in ["", "\n \n\t\n", "email\n\n"] {
        assert!(
            matches!(read_members(text.as_bytes()), Err(MembersError::Empty)),
            "{text:?}"
        );
    }
}

#[test]
fn a_damaged_csv_line_is_named_and_nothing_is_used() {
    match read_members("username,email\nada,ada@example.com\nbob\n".as_bytes()) {
        Err(error @ MembersError::Malformed { line: 3, .. }) => {
            assert!(error.to_string().contains("line 3"), "{error}")
        }
        other => panic!("expected line 3, got {other:?}"),
    }
}

#[test]
fn text_that_is_not_utf8_names_its_line() {
    match read_members(&b"ada\nb\xffb\n"[..]) {
        Err(MembersError::NotUtf8 { line }) => assert_eq!(line, 2),
        other => panic!("expected NotUtf8, got {other:?}"),
    }
}

#[test]
fn reading_stops_past_the_size_limit() {
    let big = std::io::repeat(b'a').take(MAX_MEMBERS_FILE_BYTES + 10);
    assert!(matches!(read_members(big), Err(MembersError::TooLarge)));
}

#[test]
fn a_missing_file_names_the_path() {
    let error = read_members_file(Path::new("/nonexistent/members.txt"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("/nonexistent/members.txt"), "{error}");
}
