//! Reading JumpCloud user exports: encodings, quoting, line endings, column order, errors.

use kb4_setup::provisioning::users_csv::{
    UsersCsv, UsersCsvError, read_users_csv, read_users_csv_file,
};

fn read(bytes: &[u8]) -> UsersCsv {
    read_users_csv(bytes).unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

#[test]
fn utf8_bom_is_skipped() {
    let csv =
        read(b"\xEF\xBB\xBFemail,username,firstname,lastname\nada@example.com,ada,Ada,Lovelace\n");
    assert_eq!(csv.users.len(), 1);
    assert_eq!(csv.users[0].email, "ada@example.com");
    assert_eq!(csv.read_error, None);
}

#[test]
fn crlf_line_endings_leave_no_carriage_returns() {
    let csv = read(b"email,username,firstname,lastname\r\na@example.com,a,A,Lovelace\r\nb@example.com,b,B,Byron\r\n");
    assert_eq!(csv.users.len(), 2);
    assert_eq!(csv.users[1].last_name, "Byron");
    assert_eq!(csv.users[1].line, 3);
}

#[test]
fn quoted_commas_and_newlines_stay_in_their_field() {
    let text = "email,username,firstname,lastname\n\"ada@example.com\",ada,\"Ada, Countess\",\"Love\nlace\"\nbob@example.com,bob,Bob,Babbage\n";
    let csv = read(text.as_bytes());
    assert_eq!(csv.users.len(), 2);
    assert_eq!(csv.users[0].first_name, "Ada, Countess");
    assert_eq!(csv.users[0].last_name, "Love\nlace");
    assert_eq!(
        csv.users[1].line, 4,
        "the quoted newline moves the next record to line 4"
    );
}

#[test]
fn columns_found_by_name_in_any_order_with_extras() {
    let text = "Department,Last Name,Company Email,id,First Name,User Name,state\n\
                Research,Lovelace,ada@example.com,5f1,Ada,ada,ACTIVATED\n";
    let csv = read(text.as_bytes());
    let user = &csv.users[0];
    assert_eq!(
        (
            user.username.as_str(),
            user.email.as_str(),
            user.first_name.as_str(),
            user.last_name.as_str()
        ),
        ("ada", "ada@example.com", "Ada", "Lovelace")
    );
}

#[test]
fn header_names_ignore_case_and_separators() {
    let csv = read(b"EMAIL,User_Name,first-name,LASTNAME\nx@example.com,x,X,Y\n");
    assert_eq!(csv.users[0].username, "x");
}

#[test]
fn values_are_not_trimmed() {
    let csv = read(b"email,username,firstname,lastname\n ada@example.com ,ada,Ada ,Lovelace\n");
    assert_eq!(csv.users[0].email, " ada@example.com ");
    assert_eq!(csv.users[0].first_name, "Ada ");
}

#[test]
fn malformed_line_is_named_and_earlier_rows_kept() {
    let text = "email,username,firstname,lastname\n\
                a@example.com,a,A,Aa\n\
                b@example.com,b,B,Bb\n\
                c@example.com,c,C\n\
                d@example.com,d,D,Dd\n";
    let csv = read(text.as_bytes());
    assert_eq!(csv.users.len(), 2);
    let error = csv
        .read_error
        .unwrap_or_else(|| panic!("expected a read error"));
    assert_eq!(error.line, 4);
    assert!(error.message.contains("line 4"), "{}", error.message);
    assert!(
        error.message.contains("2 user row(s) before it were kept"),
        "{}",
        error.message
    );
}

#[test]
fn invalid_utf8_is_named_with_its_line() {
    let mut bytes = b"email,username,firstname,lastname\na@example.com,a,A,Aa\n".to_vec();
    bytes.extend_from_slice(b"b@example.com,b,Ren\xE9,Bb\n");
    let csv = read(&bytes);
    assert_eq!(csv.users.len(), 1);
    let error = csv
        .read_error
        .unwrap_or_else(|| panic!("expected a read error"));
    assert_eq!(error.line, 3);
    assert!(error.message.contains("UTF-8"), "{}", error.message);
}

#[test]
fn missing_columns_are_listed_with_what_was_found() {
    match read_users_csv(&b"mail address,login\n"[..]) {
        Err(error @ UsersCsvError::MissingColumns { .. }) => {
            let message = error.to_string();
            assert!(message.contains("email"), "{message}");
            assert!(
                message.contains("first name") && message.contains("last name"),
                "{message}"
            );
            assert!(message.contains("mail address"), "{message}");
        }
        other => panic!("expected MissingColumns, got {other:?}"),
    }
}

#[test]
fn missing_file_names_the_path() {
    let path = std::path::Path::new("/nonexistent/kb4-setup/users.csv");
    match read_users_csv_file(path) {
        Err(error @ UsersCsvError::Open { .. }) => assert!(
            error
                .to_string()
                .contains("/nonexistent/kb4-setup/users.csv")
        ),
        other => panic!("expected Open error, got {other:?}"),
    }
}

#[test]
fn bom_crlf_and_quotes_together() {
    let text = "\u{feff}\"Company Email\",\"Username\",\"First Name\",\"Last Name\"\r\n\"o'neil@example.com\",\"o.neil\",\"Sean, Jr.\",\"O'Neil\"\r\n";
    let csv = read(text.as_bytes());
    assert_eq!(csv.users.len(), 1);
    assert_eq!(csv.users[0].first_name, "Sean, Jr.");
    assert_eq!(csv.users[0].email, "o'neil@example.com");
}
