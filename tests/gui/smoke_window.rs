//! Starts the real binary in a real X window (a private Xvfb) and checks that it draws its
//! first frame and exits cleanly.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::xvfb;

#[test]
fn the_window_draws_a_first_frame_and_exits_cleanly() {
    let display = xvfb::Xvfb::start();
    let home = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .arg("--quit-after-first-frame")
        .env("DISPLAY", &display.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_RUNTIME_DIR", runtime.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = xvfb::wait_bounded(&mut child, Duration::from_secs(120));
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let status = status.unwrap_or_else(|| panic!("the app did not exit within 120 s\n{stderr}"));
    assert!(
        status.success(),
        "exit {status:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stdout.contains("first frame drawn"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    let log = std::fs::read_to_string(home.path().join("state/kb4-setup/kb4-setup.log"))
        .expect("the log file is written to the XDG state folder");
    assert!(log.contains("first frame drawn"), "log: {log}");
}
