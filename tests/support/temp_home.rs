//! A temporary home for running the built binary: its settings, state and cache folders are
//! inside it, and no JumpCloud key or proxy from the environment reaches the binary, so a
//! test never reads or changes the real setup. Removed when dropped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct TempHome {
    dir: tempfile::TempDir,
}

impl TempHome {
    pub fn new() -> TempHome {
        TempHome {
            dir: tempfile::tempdir().expect("a temporary home"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where `directories` puts the settings on Linux with XDG_CONFIG_HOME set.
    pub fn settings_file(&self) -> PathBuf {
        self.path()
            .join("config")
            .join("kb4-setup")
            .join("settings.json")
    }

    /// Writes `text` to the file `name` in the home; its path as text, for an argument.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.path().join(name);
        std::fs::write(&path, text).expect("a file in the temporary home");
        path.to_string_lossy().into_owned()
    }

    /// The binary with `args`, run in this home.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kb4-setup"));
        command
            .args(args)
            .current_dir(self.path())
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_CACHE_HOME", self.path().join("cache"));
        for name in [
            "KB4_JUMPCLOUD_API_KEY",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
        ] {
            command.env_remove(name);
        }
        command
    }

    /// Runs the binary with `args`, the JumpCloud key in the environment (unless `key` is
    /// None) and `stdin` written to its standard input.
    pub fn run(&self, args: &[&str], key: Option<&str>, stdin: &str) -> Output {
        let mut command = self.command(args);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(key) = key {
            command.env("KB4_JUMPCLOUD_API_KEY", key);
        }
        let mut child = command.spawn().expect("run kb4-setup");
        if let Some(mut input) = child.stdin.take() {
            let _ = input.write_all(stdin.as_bytes());
        }
        child.wait_with_output().expect("kb4-setup output")
    }
}
