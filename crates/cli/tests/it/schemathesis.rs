//! schemathesis against a running demo server (bench/api/schemathesis_run.py): no server error,
//! no response outside the OpenAPI document. Runs `$CHAINCHIEF_PYTHON`; skipped when unset
//! unless CHAINCHIEF_REQUIRE_PEERS=1. About a minute with a debug build.

use std::process::Command;

#[test]
fn schemathesis_finds_no_server_error_and_no_schema_violation() {
    let Some(python) = std::env::var_os("CHAINCHIEF_PYTHON") else {
        assert!(
            std::env::var("CHAINCHIEF_REQUIRE_PEERS").as_deref() != Ok("1"),
            "CHAINCHIEF_PYTHON is required"
        );
        println!("skipped: set CHAINCHIEF_PYTHON to a Python with bench/api/requirements.txt");
        return;
    };
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/api/schemathesis_run.py"
    );
    let out = Command::new(python)
        .arg(script)
        .args(["--chainchief", env!("CARGO_BIN_EXE_chainchief")])
        .args(["--max-examples", "20"])
        .output()
        .expect("runs the schemathesis driver");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The driver's summary line, e.g. "schemathesis: 1599 cases, 1599 passed, 0 failed".
    let line = stdout
        .lines()
        .find(|l| l.starts_with("schemathesis: "))
        .expect("the summary line");
    println!("{line}");
    let cases: u64 = line["schemathesis: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a case count");
    assert!(cases >= 500, "{line}");
    assert!(line.contains(" 0 failed"), "{line}");
}
