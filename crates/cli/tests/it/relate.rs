//! `chainchief relate …` run as a user would: files in, files out, one-line errors.

use std::path::{Path, PathBuf};

use crate::support::{chainchief, demo_database, scratch_dir};

fn fixture() -> Option<PathBuf> {
    crate::support::fixture("complexity/trade_1995.csv")
}

fn table_args(input: &Path) -> Vec<String> {
    [
        "--input",
        &input.display().to_string(),
        "--location-col",
        "origin",
        "--industry-col",
        "hs92",
        "--value-col",
        "export_val",
    ]
    .map(String::from)
    .to_vec()
}

fn run_ok(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = chainchief(&args);
    assert!(
        out.status.success(),
        "chainchief {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn run_err(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = chainchief(&args);
    assert!(!out.status.success(), "chainchief {args:?} should fail");
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .expect("output file")
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn complexity_writes_the_three_tables_with_golden_values() {
    let Some(input) = fixture() else { return };
    let out = scratch_dir("golden");
    let mut args = vec!["relate".to_string(), "complexity".into()];
    args.extend(table_args(&input));
    args.extend(["--period-col", "year", "--out", &out.display().to_string()].map(String::from));
    run_ok(&args);

    let locations = rows(&out.join("locations.csv"));
    assert_eq!(
        locations[0],
        ["location", "period", "diversity", "eci", "coi"]
    );
    assert_eq!(locations.len(), 11);
    let aut = locations.iter().find(|r| r[0] == "aut").expect("aut");
    assert_eq!(aut[1], "1995");
    let eci: f64 = aut[3].parse().unwrap();
    assert!((eci - 1.073207217992253).abs() < 1e-6 * 1.073207217992253);
    // 17 significant digits: one digit, a point, sixteen decimals, an exponent.
    let (mantissa, _) = aut[3].split_once('e').expect("exponent");
    assert_eq!(mantissa.trim_start_matches('-').len(), 18, "{}", aut[3]);

    let industries = rows(&out.join("industries.csv"));
    assert_eq!(industries[0], ["industry", "period", "ubiquity", "pci"]);
    let pci: f64 = industries.iter().find(|r| r[0] == "1704").expect("1704")[3]
        .parse()
        .unwrap();
    assert!((pci + 1.470491886427003).abs() < 1e-6 * 1.470491886427003);

    let pairs = rows(&out.join("pairs.csv"));
    assert_eq!(
        pairs[0],
        [
            "location", "industry", "period", "rca", "m", "density", "cog"
        ]
    );
    assert_eq!(pairs.len(), 1 + 10 * 30);
    let blx = pairs
        .iter()
        .find(|r| r[0] == "blx" && r[1] == "3917")
        .expect("blx/3917");
    let cog: f64 = blx[6].parse().unwrap();
    assert!((cog - 0.5761814670034898).abs() < 1e-6 * 0.5761814670034898);
    assert!(
        pairs[1..]
            .iter()
            .all(|r| r[4] == "0" || r[6].parse::<f64>().unwrap() == 0.0),
        "COG is 0 where M = 1"
    );
}

#[test]
fn periods_are_computed_on_their_own() {
    let Some(input) = fixture() else { return };
    let dir = scratch_dir("periods");
    // The same year twice under two labels, with values scaled: identical results per period.
    let text = std::fs::read_to_string(&input).unwrap();
    let mut two = String::from("year,origin,hs92,export_val\n");
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let v: f64 = f[3].parse().unwrap();
        two.push_str(&format!(
            "a,{},{},{}\nb,{},{},{}\n",
            f[1],
            f[2],
            v,
            f[1],
            f[2],
            v * 3.0
        ));
    }
    let path = dir.join("two.csv");
    std::fs::write(&path, two).unwrap();
    let mut args = vec!["relate".to_string(), "complexity".into()];
    args.extend(table_args(&path));
    args.extend(
        [
            "--period-col",
            "year",
            "--mode",
            "py-ecomplexity",
            "--out",
            &dir.display().to_string(),
        ]
        .map(String::from),
    );
    run_ok(&args);
    let locations = rows(&dir.join("locations.csv"));
    assert_eq!(locations.len(), 21);
    for r in locations.iter().skip(1).filter(|r| r[1] == "a") {
        let other = locations
            .iter()
            .find(|o| o[1] == "b" && o[0] == r[0])
            .expect("same location in b");
        let (x, y): (f64, f64) = (r[3].parse().unwrap(), other[3].parse().unwrap());
        assert!((x - y).abs() < 1e-9, "{} {x} vs {y}", r[0]);
    }
}

#[test]
fn recommend_ranks_absent_industries_with_their_related_ones() {
    let Some(input) = fixture() else { return };
    let mut args = vec!["relate".to_string(), "recommend".into()];
    args.extend(table_args(&input));
    args.extend(
        [
            "--location",
            "aut",
            "--strategy",
            "long-jumps",
            "--top",
            "5",
        ]
        .map(String::from),
    );
    let out = run_ok(&args);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "rank,industry,score,density,pci,cog,feasibility,value,gain,related"
    );
    assert_eq!(lines.len(), 6);
    let scores: Vec<f64> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    assert!(
        lines[1].rsplit(',').next().unwrap().contains(':'),
        "explained by related industries"
    );
    // Weights of one criterion order by it.
    args.extend(["--weights", "0,1,0"].map(String::from));
    let out = run_ok(&args);
    let pci: Vec<f64> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap().parse().unwrap())
        .collect();
    assert!(pci.windows(2).all(|w| w[0] >= w[1]));
    let mut unknown = args.clone();
    let at = unknown.iter().position(|a| a == "aut").unwrap();
    unknown[at] = "xyz".into();
    assert!(run_err(&unknown).contains("no location \"xyz\""));
}

#[test]
fn errors_name_the_file_row_and_column() {
    let dir = scratch_dir("errors");
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "origin,hs92,export_val\naut,1704,12\naut,1806,twelve\n",
    )
    .unwrap();
    let out_dir = dir.join("out").display().to_string();
    let mut args = vec!["relate".to_string(), "complexity".into()];
    args.extend(table_args(&path));
    args.extend(["--out".to_string(), out_dir.clone()]);
    let err = run_err(&args);
    assert!(
        err.contains("bad.csv row 3 column \"export_val\"") && err.contains("twelve"),
        "{err}"
    );

    std::fs::write(&path, "origin,hs92,export_val\naut,1704,12\naut,1806,-3\n").unwrap();
    let err = run_err(&args);
    assert!(
        err.contains("bad.csv row 3 column \"export_val\"") && err.contains("non-negative"),
        "{err}"
    );

    let mut missing = args.clone();
    let at = missing.iter().position(|a| a == "hs92").unwrap();
    missing[at] = "hs6".into();
    let err = run_err(&missing);
    assert!(
        err.contains("no column \"hs6\"") && err.contains("columns: origin, hs92, export_val"),
        "{err}"
    );

    // Two blocks of a given M that share no industry: the engine's typed error, with the period.
    let m =
        "origin,hs92,export_val\na,x,1\na,y,1\nb,x,1\ne,x,1\ne,y,1\ne,v,1\nc,z,1\nc,w,1\nd,z,1\n";
    std::fs::write(&path, m).unwrap();
    args.extend(["--presence", "given"].map(String::from));
    let err = run_err(&args);
    assert!(err.contains("2 disconnected parts"), "{err}");
    // Asked for, the largest part is computed and the other is reported as detached.
    args.push("--largest-component".into());
    let out = chainchief(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 locations outside the largest connected part (c, d)"),
        "{err}"
    );
    let locations = rows(&dir.join("out").join("locations.csv"));
    let eci = |l: &str| locations.iter().find(|r| r[0] == l).expect("row")[3].clone();
    assert!(eci("a").parse::<f64>().is_ok() && eci("c").is_empty());
}

/// Rows of a CSV written with --out (UTF-8 with BOM), header first.
fn table(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("output file");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// Runs a database command in English with --out and returns its table.
fn stored(name: &str, args: &[&str]) -> Vec<Vec<String>> {
    let out = scratch_dir(name).join("out.csv");
    let out_arg = out.display().to_string();
    let mut all = vec!["relate"];
    all.extend_from_slice(args);
    all.extend([
        "--database-url",
        demo_database(),
        "--lang",
        "en",
        "--out",
        &out_arg,
    ]);
    crate::support::succeed(&all);
    table(&out)
}

/// The place with the most industries in the variety table at `level`.
fn most_diverse(level: &str) -> String {
    let rows = stored(&format!("variety-{level}"), &["variety", "--level", level]);
    assert_eq!(
        rows[0],
        [
            "place code",
            "place",
            "industries",
            "divisions",
            "entropy (bits)",
            "unrelated variety",
            "related variety"
        ]
    );
    let best = rows[1..]
        .iter()
        .max_by_key(|r| r[2].parse::<u32>().unwrap())
        .unwrap();
    best[0].clone()
}

#[test]
fn recommend_for_a_county_or_park_from_the_database() {
    let county = most_diverse("county");
    assert!(county.starts_with("14"), "a Shanxi county: {county}");
    for strategy in ["nearby", "ladder", "long-jumps"] {
        let rows = stored(
            &format!("recommend-{strategy}"),
            &[
                "recommend",
                "--county",
                &county,
                "--strategy",
                strategy,
                "--top",
                "8",
            ],
        );
        assert_eq!(rows[0][..3], ["rank", "industry code", "industry"]);
        assert_eq!(rows.len(), 9, "{strategy}: header and 8 rows");
        let scores: Vec<f64> = rows[1..].iter().map(|r| r[3].parse().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        assert!(
            !rows[1][10].is_empty(),
            "explained by related industries present"
        );
    }
    let park = most_diverse("park");
    let rows = stored("recommend-park", &["recommend", "--park", &park]);
    assert_eq!(rows.len(), 21);

    let quadrants = stored("quadrants", &["quadrants", "--county", &county]);
    assert_eq!(
        quadrants[0],
        [
            "quadrant",
            "industry code",
            "industry",
            "RCA",
            "density (%)"
        ]
    );
    let kinds: std::collections::HashSet<&str> =
        quadrants[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(
        kinds.contains("possible_entrant") && kinds.len() >= 3,
        "{kinds:?}"
    );

    // Chinese by default, printed as an aligned table.
    let text = crate::support::succeed(&[
        "relate",
        "quadrants",
        "--county",
        &county,
        "--database-url",
        demo_database(),
    ]);
    assert!(
        text.starts_with("象限") && text.contains("潜在进入"),
        "{text}"
    );
}

#[test]
fn targets_name_outside_enterprises_and_parks_for_gap_nodes() {
    let rows = stored(
        "targets",
        &["targets", "--chain", "SX-02", "--top", "3", "--parks", "2"],
    );
    assert_eq!(rows[0][..4], ["node code", "node", "gap", "rank"]);
    assert!(rows.len() > 3);
    for row in &rows[1..] {
        assert!(row[2] == "missing" || row[2] == "weak", "{row:?}");
        assert!(!row[6].starts_with("山西"), "outside the province: {row:?}");
        assert!(row[12].contains("（演示）"), "a demo park: {row:?}");
        assert!(row[3].parse::<u32>().unwrap() <= 3);
    }
    assert!(rows[1..].iter().any(|r| r[2] == "missing"));
    // A stricter weak-link threshold lists more nodes.
    let strict = stored(
        "targets-strict",
        &[
            "targets",
            "--chain",
            "SX-02",
            "--top",
            "1",
            "--min-local-firms",
            "1000",
        ],
    );
    let nodes = |rows: &[Vec<String>]| {
        rows[1..]
            .iter()
            .map(|r| r[0].clone())
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    assert!(nodes(&strict) > nodes(&rows));
}

#[test]
fn gradient_by_city_covers_the_eleven_cities() {
    let rows = stored("gradient", &["gradient", "--level", "city"]);
    assert_eq!(rows[0][8], "gradient coefficient");
    let cities: std::collections::HashSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(cities.len(), 11);
    let first = &rows[1];
    let one = stored(
        "gradient-one",
        &[
            "gradient",
            "--level",
            "city",
            "--place",
            &first[0],
            "--industry",
            &first[2],
        ],
    );
    assert_eq!(one[1..], rows[1..2]);
}

#[test]
fn database_errors_are_one_line() {
    let db = demo_database();
    for (args, expected) in [
        (
            vec![
                "relate",
                "recommend",
                "--county",
                "140999",
                "--database-url",
                db,
            ],
            "140999",
        ),
        (
            vec!["relate", "recommend", "--database-url", db],
            "--county",
        ),
        (
            vec![
                "relate",
                "targets",
                "--chain",
                "XX-99",
                "--database-url",
                db,
            ],
            "XX-99",
        ),
        (
            vec![
                "relate",
                "recommend",
                "--county",
                "140105",
                "--indicator",
                "profit_margin",
                "--database-url",
                db,
            ],
            "profit_margin",
        ),
    ] {
        let err = crate::support::error_of(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}
