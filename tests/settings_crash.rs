//! Crash consistency of the settings file: a process saving settings over and over is killed
//! hard (SIGKILL) at a random moment, 60 times; after each kill the file must load, and be
//! one whole version, never a mix of two or a cut-off write. While it saves, the file is also
//! read over and over, and every read must see one whole version as well.
//!
//! The saving process is this test binary itself, started again with `KB4_SAVER_FILE` set.
//! So the binary has no test harness (`harness = false` in Cargo.toml): its `main` is the saver
//! when that variable is set, and otherwise runs the crash test, prints `1 passed, 0 failed`
//! and exits with 0; a failure panics, which exits non-zero.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kb4_setup::region::Region;
use kb4_setup::scim::CheckId;
use kb4_setup::scim::{CheckReport, CheckResult, RunOutcome};
use kb4_setup::settings::{Settings, SettingsStore};
use kb4_setup::verdict::Verdict;

const SAVER_ENV: &str = "KB4_SAVER_FILE";
const KILLS: u32 = 60;
const PADDING_BYTES: usize = 1024 * 1024;

/// Settings whose every part names `version`, large enough (1 MB) that a kill often lands in
/// the middle of writing them.
fn settings_version(version: u64) -> Settings {
    let mut settings = Settings {
        region: if version.is_multiple_of(2) {
            Region::Eu
        } else {
            Region::Uk
        },
        ..Settings::default()
    };
    settings.values.saml_id = format!("v{version}");
    settings.values.tenant_url = format!("https://eu.knowbe4.com/scim/v2/{version}").into();
    // One long text: writing it takes long next to encoding it, so kills often land mid-write.
    let results = vec![CheckResult::new(
        CheckId::UsersList,
        "Padding",
        Verdict::Pass,
        format!("version {version}: {}", "x".repeat(PADDING_BYTES)),
    )];
    settings.last_check = Some(CheckReport {
        started_at: format!("v{version}"),
        finished_at: format!("v{version}"),
        tenant_url: settings.values.tenant_url.clone(),
        outcome: RunOutcome::Completed,
        results,
        leftovers: Vec::new(),
    });
    settings
}

/// The version a loaded file holds, after checking that every part of it agrees.
fn version_of(settings: &Settings) -> u64 {
    let version: u64 = settings
        .values
        .saml_id
        .strip_prefix('v')
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no version in {:?}", settings.values.saml_id));
    let mut expected = settings_version(version);
    expected.format_version = settings.format_version;
    assert!(
        *settings == expected,
        "the file mixes versions (saml_id says {version})"
    );
    version
}

const TEST_NAME: &str = "killing_the_app_during_saves_never_leaves_a_broken_or_mixed_file";

fn main() {
    if let Some(file) = std::env::var_os(SAVER_ENV) {
        save_until_killed(std::path::PathBuf::from(file));
        return;
    }
    let args = HarnessArgs::parse(std::env::args().skip(1));
    if args.list {
        if args.selects(TEST_NAME) {
            println!("{TEST_NAME}: test");
        }
        return;
    }
    if !args.selects(TEST_NAME) {
        println!("0 passed, 0 failed, 1 filtered out");
        return;
    }
    println!("running 1 test");
    killing_the_app_during_saves_never_leaves_a_broken_or_mixed_file();
    println!("test {TEST_NAME} ... ok");
    println!("1 passed, 0 failed");
}

/// The part of libtest's command line that `cargo test` passes on and that decides what runs:
/// `--list`, name filters (`--exact`), `--skip`, and `--ignored` (this test is not ignored).
#[derive(Default)]
struct HarnessArgs {
    list: bool,
    exact: bool,
    ignored_only: bool,
    filters: Vec<String>,
    skips: Vec<String>,
}

impl HarnessArgs {
    fn parse(args: impl Iterator<Item = String>) -> Self {
        let mut parsed = Self::default();
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--list" => parsed.list = true,
                "--exact" => parsed.exact = true,
                "--ignored" => parsed.ignored_only = true,
                "--skip" => parsed.skips.extend(args.next()),
                // Options whose value is the next argument.
                "--test-threads" | "--format" | "--color" | "--logfile" | "-Z" => {
                    args.next();
                }
                flag if flag.starts_with('-') => {}
                filter => parsed.filters.push(filter.to_owned()),
            }
        }
        parsed
    }

    fn matches(&self, pattern: &str, name: &str) -> bool {
        if self.exact {
            name == pattern
        } else {
            name.contains(pattern)
        }
    }

    fn selects(&self, name: &str) -> bool {
        !self.ignored_only
            && (self.filters.is_empty() || self.filters.iter().any(|f| self.matches(f, name)))
            && !self.skips.iter().any(|s| self.matches(s, name))
    }
}

/// The saver: saves ever newer versions to `path` until it is killed.
fn save_until_killed(path: std::path::PathBuf) {
    let store = SettingsStore::new(path.clone());
    for version in 1.. {
        store.save(&settings_version(version)).expect("save");
        if version == 1 {
            std::fs::write(started_marker(&path), b"").expect("marker");
        }
    }
}

/// Written by the saver after its first save: from then on it is saving.
fn started_marker(settings: &Path) -> std::path::PathBuf {
    settings.with_extension("started")
}

fn wait_until_saved_once(path: &Path) {
    let marker = started_marker(path);
    let until = Instant::now() + Duration::from_secs(60);
    while !marker.exists() {
        assert!(Instant::now() < until, "the saver never saved");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn killing_the_app_during_saves_never_leaves_a_broken_or_mixed_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config").join("settings.json");
    let mut seed = u64::from(std::process::id());
    let mut last_version = 0;
    let mut reads = 0u64;
    for round in 0..KILLS {
        let _ = std::fs::remove_file(started_marker(&path));
        let mut saver = Command::new(std::env::current_exe().expect("test binary"))
            .env(SAVER_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the saver");
        wait_until_saved_once(&path);
        // A pseudo-random moment, 0 to 300 ms into the saving (a save takes some 100 ms);
        // meanwhile the file is read again and again, as another process (the window started
        // a second time) would: every read must see one whole version too.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let kill_at = Instant::now() + Duration::from_micros((seed >> 33) % 300_000);
        let store = SettingsStore::new(path.clone());
        while Instant::now() < kill_at {
            let read = store
                .read_existing()
                .unwrap_or_else(|e| panic!("round {round}: a read during saving failed: {e}"))
                .expect("the file is there");
            version_of(&read);
            reads += 1;
        }
        saver.kill().expect("SIGKILL the saver");
        let _ = saver.wait();

        let loaded = store
            .read_existing()
            .unwrap_or_else(|e| panic!("round {round}: the file does not load: {e}"))
            .expect("the file is there");
        let version = version_of(&loaded);
        assert!(version >= 1, "round {round}");
        // The window's own loading finds nothing to complain about either.
        assert!(store.load().notice.is_none(), "round {round}");
        last_version = last_version.max(version);
    }
    assert!(last_version >= 1);
    eprintln!("{KILLS} kills, {reads} reads during saves, all whole versions");
}
