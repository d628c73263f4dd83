//! `chainchief user`, `token` and `audit` on a fresh SQLite database, including an audit row
//! changed behind the application's back.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn database() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainchief-access-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("access.sqlite")
}

fn chainchief(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainchief"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("the binary finishes")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

#[test]
fn users_tokens_and_a_tampered_audit_trail() {
    let db = database();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let url = db.to_str().expect("UTF-8 path");
    let with_db = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        all.extend(["--database-url".to_owned(), url.to_owned()]);
        all
    };
    let run = |args: &[&str], stdin: Option<&str>| {
        let args = with_db(args);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        chainchief(&refs, stdin)
    };

    // A given password comes from standard input and is not printed.
    let out = ok(&run(
        &[
            "user",
            "add",
            "--username",
            "admin",
            "--role",
            "administrator",
            "--password-stdin",
        ],
        Some("a-long-admin-password\n"),
    ));
    assert!(out.trim().is_empty(), "{out}");
    // Without one, a password is generated and printed once.
    let out = ok(&run(
        &[
            "user",
            "add",
            "--username",
            "taiyuan",
            "--role",
            "region_bureau",
            "--region",
            "140100",
        ],
        None,
    ));
    assert_eq!(out.trim().len(), 20, "{out}");
    // A role without its scope is refused with one line naming the option.
    let refused = run(
        &["user", "add", "--username", "x", "--role", "region_bureau"],
        None,
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("region"),
        "{stderr}"
    );
    let refused = run(
        &[
            "user",
            "add",
            "--username",
            "y",
            "--role",
            "viewer",
            "--region",
            "140100",
        ],
        None,
    );
    assert!(!refused.status.success());

    let list = ok(&run(&["user", "list"], None));
    assert!(
        list.contains("taiyuan")
            && list.contains("region_bureau")
            && list.contains("region 140100"),
        "{list}"
    );

    let token = ok(&run(
        &[
            "token",
            "create",
            "--user",
            "taiyuan",
            "--expires",
            "30d",
            "--name",
            "etl",
        ],
        None,
    ));
    assert!(
        token.trim().starts_with("cc_") && token.trim().len() == 67,
        "{token}"
    );
    let missing = run(&["token", "create", "--user", "nobody"], None);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no account named nobody"));

    let verified = ok(&run(&["audit", "verify"], None));
    assert!(verified.contains("intact: 3 events"), "{verified}");
    let csv_path = db.with_extension("csv");
    ok(&run(
        &[
            "audit",
            "export",
            "--out",
            csv_path.to_str().expect("UTF-8"),
        ],
        None,
    ));
    let csv = std::fs::read_to_string(&csv_path).expect("the export");
    assert!(csv.starts_with("\u{feff}seq,at,actor"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains("token.create"));

    // Someone with the database file changes event 2 behind the application's back.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let pool = sqlx::SqlitePool::connect(&format!("sqlite:{url}"))
                .await
                .expect("open");
            sqlx::query("DROP TRIGGER audit_event_no_update")
                .execute(&pool)
                .await
                .expect("drop trigger");
            sqlx::query("UPDATE audit_event SET object = 'somebody else' WHERE seq = 2")
                .execute(&pool)
                .await
                .expect("tamper");
            pool.close().await;
        });
    let broken = run(&["audit", "verify"], None);
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains("broken at event 2") && stderr.contains("changed"),
        "{stderr}"
    );
}

#[test]
fn the_demo_creates_one_account_per_role_with_fresh_passwords() {
    let db = database().with_file_name("demo.sqlite");
    let accounts = db.with_extension("json");
    let url = db.to_str().expect("UTF-8 path");
    let demo = || {
        ok(&chainchief(
            &[
                "demo",
                "--size",
                "small",
                "--fresh",
                "--no-serve",
                "--database-url",
                url,
                "--accounts-file",
                accounts.to_str().expect("UTF-8"),
            ],
            None,
        ));
        let text = std::fs::read_to_string(&accounts).expect("the accounts file");
        serde_json::from_str::<Vec<serde_json::Value>>(&text).expect("JSON")
    };
    let first = demo();
    assert_eq!(first.len(), 8);
    let roles: Vec<&str> = first.iter().map(|a| a["role"].as_str().unwrap()).collect();
    assert!(
        roles.contains(&"administrator") && roles.contains(&"department"),
        "{roles:?}"
    );
    assert!(
        first
            .iter()
            .all(|a| a["password"].as_str().unwrap().len() == 20)
    );
    // Run again on the same database (without --fresh): same accounts, new passwords.
    ok(&chainchief(
        &[
            "demo",
            "--size",
            "small",
            "--no-serve",
            "--database-url",
            url,
            "--accounts-file",
            accounts.to_str().expect("UTF-8"),
        ],
        None,
    ));
    let second: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&accounts).expect("file")).expect("JSON");
    assert_eq!(second.len(), 8);
    assert_ne!(first[0]["password"], second[0]["password"]);
}
