//! `chainchief risk …` run as a user would: files in and file out, reports and scenarios over the
//! demo database, one-line errors.

use crate::support::{demo_database, error_of, scratch_dir, succeed};
use std::path::Path;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/esri/"
);

/// `risk esri --links … --firms … --essentiality …` followed by `rest`.
fn esri_args<'a>(links: &'a str, firms: &'a str, ess: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "risk",
        "esri",
        "--links",
        links,
        "--firms",
        firms,
        "--essentiality",
        ess,
    ];
    args.extend_from_slice(rest);
    args
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// T1 of the spec as the CLI's three files: links, firms (industry = NACE code) and the matrix
/// holding each link's `type`.
/// Paths of links.csv, firms.csv and ess.csv, and the expected ESRI per firm.
struct T1 {
    links: String,
    firms: String,
    ess: String,
    expected: Vec<(String, f64)>,
}

fn t1_files(dir: &Path) -> Option<T1> {
    let Ok(list) = std::fs::read_to_string(format!("{FIXTURES}vit_test_list.csv")) else {
        println!("skipped: needs fixture {FIXTURES}vit_test_list.csv");
        return None;
    };
    let expected = std::fs::read_to_string(format!("{FIXTURES}vit_test_esri.csv")).ok()?;
    let mut links = String::from("supplier,customer,value\n");
    let mut firms: Vec<(String, String)> = Vec::new();
    let mut cells: Vec<(String, String, String)> = Vec::new();
    for line in list.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        links.push_str(&format!("{},{},{}\n", f[0], f[1], f[4]));
        for (firm, code) in [(f[0], f[2]), (f[1], f[3])] {
            if !firms.iter().any(|(n, _)| n == firm) {
                firms.push((firm.to_owned(), code.to_owned()));
            }
        }
        cells.push((f[2].to_owned(), f[3].to_owned(), f[5].to_owned()));
    }
    let mut codes: Vec<String> = firms.iter().map(|(_, c)| c.clone()).collect();
    codes.sort();
    codes.dedup();
    let mut matrix = format!("\"\",{}\n", codes.join(","));
    for k in &codes {
        let row: Vec<&str> = codes
            .iter()
            .map(|l| {
                cells
                    .iter()
                    .find(|(a, b, _)| a == k && b == l)
                    .map_or("0", |(_, _, t)| t.as_str())
            })
            .collect();
        matrix.push_str(&format!("{k},{}\n", row.join(",")));
    }
    let firms_csv = std::iter::once("firm,industry".to_owned())
        .chain(firms.iter().map(|(n, c)| format!("{n},{c}")))
        .collect::<Vec<_>>()
        .join("\n");
    let expected = expected
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (name, value) = l.split_once(',').unwrap();
            (name.to_owned(), value.parse().unwrap())
        })
        .collect();
    Some(T1 {
        links: write(dir, "links.csv", &links),
        firms: write(dir, "firms.csv", &firms_csv),
        ess: write(dir, "ess.csv", &matrix),
        expected,
    })
}

fn result_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("firm,esri,esri_down,esri_up,iterations"));
    lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn esri_reproduces_t1_with_17_significant_digits() {
    let dir = scratch_dir("t1");
    let Some(T1 {
        links,
        firms,
        ess,
        expected,
    }) = t1_files(&dir)
    else {
        return;
    };
    let out = dir.join("result.csv");
    succeed(&esri_args(
        &links,
        &firms,
        &ess,
        &["--all", "--threads", "2", "--out", out.to_str().unwrap()],
    ));
    let rows = result_rows(&out);
    assert_eq!(rows.len(), 13);
    for (name, want) in &expected {
        let row = rows.iter().find(|r| &r[0] == name).unwrap();
        // 1 + 16 digits in scientific notation.
        let mantissa = row[1].split('e').next().unwrap().replace(['.', '-'], "");
        assert_eq!(mantissa.len(), 17, "{}", row[1]);
        let got: f64 = row[1].parse().unwrap();
        assert!((got - want).abs() <= 1e-12, "{name}: {got} vs {want}");
        assert!(row[4].parse::<u32>().unwrap() >= 1);
    }

    // A subset of closures, without replaceability: X still takes everything down.
    let ids = write(&dir, "ids.csv", "firm\nX\nB\n");
    succeed(&esri_args(
        &links,
        &firms,
        &ess,
        &[
            "--closures",
            &ids,
            "--no-replaceability",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let rows = result_rows(&out);
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["X", "B"]
    );
    assert_eq!(rows[0][1].parse::<f64>().unwrap(), 1.0);
    // Without replaceability B's failure hits X's essential input from industry 2 fully.
    let b_with = expected.iter().find(|(n, _)| n == "B").unwrap().1;
    assert!(rows[1][1].parse::<f64>().unwrap() > b_with);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `chainchief` and asserts that it succeeded.

#[test]
fn bad_input_is_named_by_file_line_and_column() {
    let dir = scratch_dir("errors");
    let firms = write(&dir, "firms.csv", "firm,industry\na,k1\nb,k2\nc,k1\n");
    let ess = write(&dir, "ess.csv", "\"\",k1,k2\nk1,2,1\nk2,1,0\n");
    let out = dir.join("out.csv");
    let out = out.to_str().unwrap();
    let run = |links: &str, firms: &str, ess: &str| {
        error_of(&esri_args(links, firms, ess, &["--all", "--out", out]))
    };

    // (which input, its file name and text, fragments the one-line error must contain)
    let cases: [(&str, &str, &str, &[&str]); 11] = [
        (
            "links",
            "links1.csv",
            "supplier,customer,value\na,b,1\nb,zz,2\n",
            &["links1.csv line 3, column `customer`", "\"zz\""],
        ),
        (
            "links",
            "links2.csv",
            "supplier,customer,value\na,b,-1\n",
            &["links2.csv line 2, column `value`", "non-negative"],
        ),
        (
            "links",
            "links3.csv",
            "supplier,customer,value\na,a,1\n",
            &["links3.csv line 2", "supplies itself"],
        ),
        (
            "links",
            "links4.csv",
            "supplier,client,value\na,b,1\n",
            &["links4.csv", "no column `customer`"],
        ),
        (
            "firms",
            "firms2.csv",
            "firm,industry\na,k1\nb,k9\n",
            &["firms2.csv line 3, column `industry`", "\"k9\""],
        ),
        (
            "firms",
            "firms3.csv",
            "firm,industry\na,k1\na,k2\n",
            &["firms3.csv line 3, column `firm`", "listed twice"],
        ),
        (
            "ess",
            "ess2.csv",
            "\"\",k1,k2\nk1,2,1\n",
            &["ess2.csv", "not square"],
        ),
        (
            "ess",
            "ess3.csv",
            "\"\",k1,k2\nk1,2,1\nk2,1\n",
            &["ess3.csv line 3: not square"],
        ),
        (
            "ess",
            "ess4.csv",
            "\"\",k1,k2\nk2,2,1\nk1,1,0\n",
            &["ess4.csv line 2, column 1", "differs from header code"],
        ),
        (
            "ess",
            "ess5.csv",
            "\"\",k1,k2\nk1,2,3\nk2,1,0\n",
            &["ess5.csv line 2, column `k2`", "not 0, 1 or 2"],
        ),
        ("ess", "ess6.csv", "", &["ess6.csv: empty file"]),
    ];
    let links = write(&dir, "links.csv", "supplier,customer,value\na,b,1\n");
    for (which, name, text, fragments) in cases {
        let path = write(&dir, name, text);
        let e = match which {
            "links" => run(&path, &firms, &ess),
            "firms" => run(&links, &path, &ess),
            _ => run(&links, &firms, &path),
        };
        for fragment in fragments {
            assert!(e.contains(fragment), "{name}: {e:?} lacks {fragment:?}");
        }
    }

    let ids = write(&dir, "ids.csv", "firm\nq\n");
    let e = error_of(&esri_args(
        &links,
        &firms,
        &ess,
        &["--closures", &ids, "--out", out],
    ));
    assert!(e.contains("ids.csv line 2, column `firm`"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn default_essentiality_round_trips_and_maps_classes_to_divisions() {
    let dir = scratch_dir("default");
    let ess = dir.join("ess.csv");
    succeed(&[
        "risk",
        "default-essentiality",
        "--out",
        ess.to_str().unwrap(),
    ]);
    // Steel (3110, class level) buys ore (0810) and sells to a car maker (3611).
    let firms = write(
        &dir,
        "firms.csv",
        "firm,industry\nore,0810\nsteel,3110\ncar,3611\n",
    );
    let links = write(
        &dir,
        "links.csv",
        "supplier,customer,value\nore,steel,10\nsteel,car,20\n",
    );
    let out = dir.join("out.csv");
    // Division-level matrix with division codes in firms.csv works directly …
    let divisions = write(
        &dir,
        "firms_div.csv",
        "firm,industry\nore,08\nsteel,31\ncar,36\n",
    );
    succeed(&esri_args(
        &links,
        &divisions,
        ess.to_str().unwrap(),
        &["--all", "--out", out.to_str().unwrap()],
    ));
    let direct = std::fs::read_to_string(&out).unwrap();
    // … and `gbt4754-default` maps class codes to their division.
    succeed(&esri_args(
        &links,
        &firms,
        "gbt4754-default",
        &["--all", "--out", out.to_str().unwrap()],
    ));
    let mapped = std::fs::read_to_string(&out).unwrap();
    let values = |text: &str| {
        text.lines()
            .skip(1)
            .map(|l| l.split_once(',').unwrap().1.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(values(&direct), values(&mapped));
    // Ore is essential for steel and steel for cars: closing the ore mine stops everything.
    assert!(
        mapped
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("ore,1.0000000000000000e0"),
        "{mapped}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn io_linkages_of_the_textbook_table() {
    let dir = scratch_dir("io");
    // Miller & Blair 2009, §2.3: Z = [[150, 500], [200, 100]], y = [350, 1700].
    let table = write(
        &dir,
        "table.csv",
        "sector,agri,manu,final_demand\nagri,150,500,350\nmanu,200,100,1700\n",
    );
    let out = dir.join("out.csv");
    succeed(&[
        "risk",
        "io",
        "--table",
        &table,
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("sector,output,value_added,output_multiplier")
    );
    let agri: Vec<f64> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(|v| v.parse().unwrap())
        .collect();
    assert!((agri[0] - 1000.0).abs() < 1e-9);
    assert!((agri[1] - 650.0).abs() < 1e-9); // 1000 − 150 − 200
    // Column sum of L = (0.95 + 0.2) / 0.7575.
    assert!((agri[2] - 1.15 / 0.7575).abs() < 1e-12);

    let bad = write(
        &dir,
        "bad.csv",
        "sector,agri,manu,final_demand\nagri,150,x,350\nmanu,200,100,1700\n",
    );
    let e = error_of(&[
        "risk",
        "io",
        "--table",
        &bad,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(e.contains("bad.csv line 2, column `manu`"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A CSV file written with `--out` (BOM for Excel), header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn report_lists_gaps_findings_and_the_chains_systemic_firms() {
    let db = demo_database();
    let text = succeed(&["risk", "report", "--chain", "SX-02", "--database-url", db]);
    for expected in [
        "风险发现",
        "缺链",
        "电控与功率器件",
        "环节指标",
        "系统性风险企业（ESRI）",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }

    let dir = scratch_dir("risk-report");
    let out = dir.join("sx02.csv");
    let out_s = out.display().to_string();
    let args = [
        "risk",
        "report",
        "--chain",
        "SX-02",
        "--database-url",
        db,
        "--lang",
        "en",
    ];
    succeed(&[&args[..], &["--show", "nodes", "--out", &out_s]].concat());
    let nodes = csv_rows(&out);
    assert_eq!(nodes[0][..3], ["node code", "node", "coverage"]);
    // SX-02 has 11 nodes in the demo's chain map; 04 and 05 have no local enterprise.
    assert_eq!(nodes.len(), 1 + 11);
    for code in ["04", "05"] {
        let row = nodes.iter().find(|r| r[0] == code).unwrap();
        assert_eq!((row[2].as_str(), row[3].as_str()), ("gap", "0"), "{row:?}");
    }
    // Several parts with --out: one file each.
    succeed(&[&args[..], &["--out", &out_s, "--top", "3"]].concat());
    let findings = csv_rows(&dir.join("sx02-findings.csv"));
    assert_eq!(findings[0][..2], ["no.", "finding"]);
    assert_eq!(findings[1][1], "gap");
    let systemic = csv_rows(&dir.join("sx02-systemic.csv"));
    assert_eq!(systemic.len(), 1 + 3);
    assert_eq!(systemic[0][1], "USCC");
    assert!(systemic[1][1].len() == 18, "{:?}", systemic[1]);
}

#[test]
fn scenarios_report_losses_and_one_firm_costs_its_esri() {
    let db = demo_database();
    let dir = scratch_dir("risk-scenario");
    let out = dir.join("outside.csv");
    let out_s = out.display().to_string();
    let base = ["--database-url", db, "--lang", "en"];
    succeed(
        &[
            &[
                "risk",
                "scenario",
                "--outside-suppliers",
                "--by",
                "chain,county",
                "--out",
                &out_s,
            ][..],
            &base,
        ]
        .concat(),
    );
    let summary = csv_rows(&dir.join("outside-summary.csv"));
    let column = |name: &str| summary[0].iter().position(|h| h == name).unwrap();
    let share: f64 = summary[1][column("share lost (%)")].parse().unwrap();
    assert!(share > 0.0, "{summary:?}");
    let chains = csv_rows(&dir.join("outside-chain.csv"));
    assert!(chains.len() > 1 && chains[0][0] == "chain code");
    assert!(dir.join("outside-county.csv").exists());
    assert!(csv_rows(&dir.join("outside-hardest-hit.csv")).len() > 1);

    // The chain's most systemic firm, closed alone, costs exactly its ESRI.
    let top = dir.join("top.csv");
    let top_s = top.display().to_string();
    succeed(
        &[
            &[
                "risk", "systemic", "--chain", "SX-01", "--top", "1", "--out", &top_s,
            ][..],
            &base,
        ]
        .concat(),
    );
    let ranking = csv_rows(&top);
    assert_eq!(ranking.len(), 2);
    let esri_column = ranking[0].iter().position(|h| h == "ESRI (%)").unwrap();
    let uscc = ranking[1][1].clone();
    let one = dir.join("one.csv");
    let one_s = one.display().to_string();
    succeed(
        &[
            &[
                "risk", "scenario", "--uscc", &uscc, "--by", "chain", "--out", &one_s,
            ][..],
            &base,
        ]
        .concat(),
    );
    let summary = csv_rows(&dir.join("one-summary.csv"));
    let lost = summary[0]
        .iter()
        .position(|h| h == "share lost (%)")
        .unwrap();
    assert_eq!(summary[1][lost], ranking[1][esri_column]);

    // A county and a node at half capacity print their tables.
    let text = succeed(
        &[
            &[
                "risk",
                "scenario",
                "--region",
                "140105",
                "--node",
                "SX-01/03",
                "--capacity",
                "0.5",
            ][..],
            &base,
        ]
        .concat(),
    );
    assert!(
        text.contains("Scenario outcome") && text.contains("Firms hit hardest"),
        "{text}"
    );
}

#[test]
fn systemic_ranks_every_firm_of_the_network() {
    let db = demo_database();
    let text = succeed(&[
        "risk",
        "systemic",
        "--top",
        "5",
        "--database-url",
        db,
        "--threads",
        "2",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 5, "{text}");
    assert!(lines[0].starts_with("排名"));
}

#[test]
fn stored_risk_errors_are_one_line() {
    let db = demo_database();
    for (args, expected) in [
        (
            vec!["risk", "report", "--chain", "SX-99"],
            "chain \"SX-99\" is not in the database",
        ),
        (
            vec!["risk", "scenario", "--node", "SX-01"],
            "write it as CHAIN/NODE",
        ),
        (
            vec!["risk", "scenario", "--node", "SX-01/99"],
            "chain node \"SX-01/99\"",
        ),
        (
            vec!["risk", "scenario", "--uscc", "911400000000000000"],
            "enterprise \"911400000000000000\"",
        ),
        (
            vec![
                "risk",
                "scenario",
                "--outside-suppliers",
                "--capacity",
                "1.5",
            ],
            "capacity 1.5",
        ),
        (
            vec!["risk", "systemic", "--year", "1999"],
            "no supply links are stored for 1999",
        ),
    ] {
        let error = error_of(&[&args[..], &["--database-url", db]].concat());
        assert!(error.contains(expected), "{args:?}: {error}");
    }
    // A scenario needs a target (clap's own usage message).
    assert!(
        !crate::support::chainchief(&["risk", "scenario", "--database-url", db])
            .status
            .success()
    );
}
