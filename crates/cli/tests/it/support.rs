//! What the CLI tests share: running the binary, scratch files, a small demo database.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Runs `chainchief` with `args` (ignoring a database named in the tester's environment).
pub fn chainchief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainchief"))
        .args(args)
        .env_remove("CHAINCHIEF_DATABASE_URL")
        .output()
        .expect("the binary runs")
}

/// Stdout of a run that must succeed.
pub fn succeed(args: &[&str]) -> String {
    let output = chainchief(args);
    assert!(
        output.status.success(),
        "chainchief {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Stderr of a run that must fail with one line.
pub fn error_of(args: &[&str]) -> String {
    let output = chainchief(args);
    assert!(
        !output.status.success(),
        "chainchief {args:?} should have failed"
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

/// A shared fixture (../shared/fixtures/RELATIVE), or `None` with a line saying the test skipped.
pub fn fixture(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/"
    ))
    .join(relative);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: needs the fixture {}", path.display());
        None
    }
}

/// A fresh, empty folder for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainchief-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A fresh path in this test process's scratch folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainchief-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// A small demo province in SQLite, made once per test process.
pub fn demo_database() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = scratch("demo.sqlite").display().to_string();
        succeed(&[
            "demo",
            "--size",
            "small",
            "--no-serve",
            "--fresh",
            "--database-url",
            &path,
        ]);
        path
    })
}
