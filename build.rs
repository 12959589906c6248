//! Embeds the git commit into the binary, so `--version` says exactly what was built.
//! A build outside a git checkout (a source tarball, a vendored copy) says "unknown".
//!
//! For Windows targets it also embeds the icon, the version information Explorer shows and
//! an application manifest into `kb4-setup.exe`. Linux and macOS builds need no Windows tool.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=KB4_SETUP_GIT_COMMIT={commit}");
    // Rebuild when HEAD moves, without failing where there is no .git folder.
    for path in [".git/HEAD", ".git/refs/heads"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");

    // A build script runs on the host, so `cfg!(windows)` here describes the host; the
    // target is in CARGO_CFG_TARGET_OS.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_resources::embed(&commit);
    }
}

/// Runs wherever the target is Windows, whatever the host: on Windows with the SDK's `rc.exe`
/// or MinGW's `windres`, on Linux with `x86_64-w64-mingw32-windres` (Debian package
/// binutils-mingw-w64-x86-64), which is how scripts/build-windows.sh builds both the CI check
/// and the release. A missing resource compiler fails the build: an .exe without its icon,
/// version info and manifest must not ship.
mod windows_resources {
    pub fn embed(commit: &str) {
        for path in [
            "assets/kb4-setup.ico",
            "assets/windows/kb4-setup.exe.manifest",
        ] {
            println!("cargo:rerun-if-changed={path}");
        }
        for variable in ["WINDRES", "AR", "CROSS_COMPILE"] {
            println!("cargo:rerun-if-env-changed={variable}");
        }
        let mut resource = winresource::WindowsResource::new();
        resource
            .set_icon("assets/kb4-setup.ico")
            .set_manifest_file("assets/windows/kb4-setup.exe.manifest")
            .set("FileDescription", "KnowBe4 SSO & SCIM Setup")
            .set("ProductName", "kb4-setup")
            .set("OriginalFilename", "kb4-setup.exe")
            .set("InternalName", "kb4-setup")
            .set("Comments", &format!("commit {commit}"));
        // Only the app's executable gets the icon and manifest, not tests or examples.
        if let Err(error) = resource.compile_for("kb4-setup") {
            panic!(
                "could not embed the Windows icon, version info and manifest: {error} \
                 (cross-building from Linux needs x86_64-w64-mingw32-windres: \
                 apt-get install binutils-mingw-w64-x86-64, or run scripts/build-windows.sh)"
            );
        }
    }
}
