use super::*;
use crate::cli::failure::report_to;
use crate::cli::{EXIT_INPUT, EXIT_OK, TokenArgs};
use crate::keychain::SessionMemoryStore;

const URL: &str = "https://eu.knowbe4.com/scim/v2/T1";

struct Outcome {
    code: u8,
    out: String,
    err: String,
}

fn run_cli(command: TokenCommand, store: &SessionMemoryStore, stdin: &str) -> Outcome {
    let mut input = stdin.as_bytes();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let io = Io {
        input: &mut input,
        interactive: false,
        out: &mut out,
        err: &mut err,
    };
    let outcome = run_with(&command, store, io);
    let code = report_to(&outcome, &mut err);
    Outcome {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

fn args(url: &str) -> TokenArgs {
    TokenArgs {
        tenant_url: url.to_string(),
    }
}

#[test]
fn set_status_delete_round_trip_without_echoing_the_token() {
    let store = SessionMemoryStore::new();
    let token = "Zq8xTokenValue_7781";
    let set = run_cli(TokenCommand::Set(args(URL)), &store, &format!("{token}\n"));
    assert_eq!(set.code, EXIT_OK, "{}", set.err);
    assert!(set.out.contains("19 characters"), "{}", set.out);
    assert!(
        set.out
            .contains("scim-token:https://eu.knowbe4.com/scim/v2/T1"),
        "{}",
        set.out
    );

    let status = run_cli(TokenCommand::Status(args(URL)), &store, "");
    assert_eq!(status.code, EXIT_OK);
    assert!(status.out.contains(": present"), "{}", status.out);

    let delete = run_cli(TokenCommand::Delete(args(URL)), &store, "");
    assert_eq!(delete.code, EXIT_OK);
    assert!(delete.out.starts_with("Deleted"), "{}", delete.out);
    let again = run_cli(TokenCommand::Delete(args(URL)), &store, "");
    assert!(again.out.contains("nothing to delete"), "{}", again.out);
    let status = run_cli(TokenCommand::Status(args(URL)), &store, "");
    assert!(status.out.contains(": absent"), "{}", status.out);

    for outcome in [set, status, delete, again] {
        assert!(!outcome.out.contains(token) && !outcome.err.contains(token));
    }
}

#[test]
fn bad_tenant_url_exits_2_with_the_fix_and_stores_nothing() {
    let store = SessionMemoryStore::new();
    let outcome = run_cli(TokenCommand::Set(args(&format!("{URL}/"))), &store, "tok");
    assert_eq!(outcome.code, EXIT_INPUT);
    assert!(outcome.err.contains("trailing"), "{}", outcome.err);
    assert!(
        outcome.err.contains(&format!("Corrected URL: {URL}")),
        "{}",
        outcome.err
    );
    let tenant = TenantUrl::parse(URL).unwrap();
    assert!(store.load(&tenant).unwrap().is_none());
}

#[test]
fn bad_token_exits_2_without_echoing_it() {
    let store = SessionMemoryStore::new();
    let empty = run_cli(TokenCommand::Set(args(URL)), &store, " \n");
    assert_eq!(empty.code, EXIT_INPUT);
    assert!(empty.err.contains("empty"), "{}", empty.err);
    let split = run_cli(TokenCommand::Set(args(URL)), &store, "Halfa7 Halfb9\n");
    assert_eq!(split.code, EXIT_INPUT);
    assert!(
        split.err.contains("a space at character 7"),
        "{}",
        split.err
    );
    assert!(!split.err.contains("Halfa7") && !split.err.contains("Halfb9"));
    let oversized = run_cli(TokenCommand::Set(args(URL)), &store, &"x".repeat(70_000));
    assert_eq!(oversized.code, EXIT_INPUT);
    assert!(
        oversized.err.contains("not a SCIM token"),
        "{}",
        oversized.err
    );
    assert!(
        store
            .load(&TenantUrl::parse(URL).unwrap())
            .unwrap()
            .is_none()
    );
}

#[test]
fn warnings_are_printed_but_do_not_block() {
    let store = SessionMemoryStore::new();
    let loopback = run_cli(
        TokenCommand::Set(args("http://127.0.0.1:8080/scim")),
        &store,
        "https://eu.knowbe4.com/scim/v2/T1",
    );
    assert_eq!(loopback.code, EXIT_OK, "{}", loopback.err);
    assert!(
        loopback.err.contains("warning: Plain http to 127.0.0.1"),
        "{}",
        loopback.err
    );
    assert!(
        loopback
            .err
            .contains("warning: This looks like the Tenant URL"),
        "{}",
        loopback.err
    );
}

#[test]
fn interactive_input_reads_one_line_and_says_how_to_avoid_echo() {
    let store = SessionMemoryStore::new();
    let mut input = "LineOneToken\nignored rest\n".as_bytes();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let io = Io {
        input: &mut input,
        interactive: true,
        out: &mut out,
        err: &mut err,
    };
    let outcome = run_with(&TokenCommand::Set(args(URL)), &store, io);
    assert_eq!(outcome, Ok(crate::cli::failure::Finished::Clean));
    assert!(
        String::from_utf8(err)
            .unwrap()
            .contains("Paste the SCIM token")
    );
    let tenant = TenantUrl::parse(URL).unwrap();
    assert_eq!(
        store.load(&tenant).unwrap().unwrap().expose_for_http(),
        "LineOneToken"
    );
}
