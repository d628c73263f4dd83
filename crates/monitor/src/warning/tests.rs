use super::*;
use crate::{Dimension, EnterpriseFrame, IndicatorInfo, Panel, PeriodAxis, RollupSpec};

fn p(text: &str) -> Period {
    text.parse().unwrap()
}

/// Three firms in one city, 2024–2025. Firm 0: electricity down 25 % in May and June 2025.
/// Firm 1: output down 35 % in June 2025. Firm 2: reported until April 2025, then stopped.
fn monitor() -> Monitor {
    let axis = PeriodAxis::years(2024, 2025).unwrap();
    let mut output = Panel::new(
        IndicatorInfo::flow("output_value", "工业总产值", "industrial output", "万元"),
        axis,
        3,
    );
    let mut electricity = Panel::new(
        IndicatorInfo::flow("electricity", "用电量", "electricity use", "万千瓦时"),
        axis,
        3,
    );
    for t in 0..22u32 {
        let period = axis.period(t as usize);
        let this_year = period.year() == 2025;
        let month = period.month();
        let elec0 = if this_year && (month == 5 || month == 6) {
            75.0
        } else {
            100.0
        };
        electricity.set(0, t, elec0).unwrap();
        electricity.set(1, t, 100.0).unwrap();
        output.set(0, t, 100.0).unwrap();
        let out1 = if this_year && month == 6 { 65.0 } else { 100.0 };
        output.set(1, t, out1).unwrap();
        if !(this_year && month > 4) {
            output.set(2, t, 100.0).unwrap();
        }
    }
    let firms = Dimension::identity(
        "enterprise",
        "企业",
        "enterprise",
        vec!["甲厂".into(), "乙厂".into(), "丙厂".into()],
    );
    let city = Dimension::single("city", "市", "city", vec!["太原".into()], &[0, 0, 0]).unwrap();
    let frame = EnterpriseFrame::new(vec![true; 3])
        .with_dimension(firms)
        .unwrap()
        .with_dimension(city)
        .unwrap();
    Monitor::new(frame, vec![output, electricity], &[]).unwrap()
}

fn of(warnings: &[Warning], label: &str) -> Vec<String> {
    warnings
        .iter()
        .filter(|w| matches!(&w.subject, Subject::Enterprise { label: l, .. } if l == label))
        .map(|w| w.rule.clone())
        .collect()
}

#[test]
fn the_shipped_rules_parse() {
    let rules = WarningRules::builtin().unwrap();
    let elec = rules
        .rules
        .iter()
        .find(|r| r.id == "electricity_down_20_2m")
        .unwrap();
    assert_eq!(elec.colour, Colour::Orange);
    assert_eq!(elec.threshold, -0.2);
    assert_eq!(elec.periods, 2);
    assert_eq!(elec.comparison, Some(Comparison::Less));
    assert!(
        rules
            .rules
            .iter()
            .any(|r| r.measure == RuleMeasure::NotReported)
    );
}

#[test]
fn bad_rules_name_their_line() {
    let head = "id,colour,scopes,indicator,measure,op,threshold,periods,title_zh,title_en\n";
    let cases = [
        ("a,green,city,x,month_yoy,<,-1%,1,t,t", "colour"),
        ("a,red,planet,x,month_yoy,<,-1%,1,t,t", "scope"),
        ("a,red,city,x,not_reported,,,1,t,t", "enterprises only"),
        ("a,red,city,x,month_yoy,<<,-1%,1,t,t", "op"),
        ("a,red,city,x,month_yoy,<,lots,1,t,t", "threshold"),
        ("a,red,city,x,month_yoy,<,-1%,0,t,t", "periods"),
    ];
    for (line, word) in cases {
        let err = WarningRules::parse(&format!("{head}{line}\n"), "w.csv").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("w.csv line 2:") && text.contains(word),
            "{text}"
        );
    }
}

#[test]
fn enterprises_get_the_colour_of_the_rules_that_fire() {
    let m = monitor();
    let rules = WarningRules::builtin().unwrap();
    let june = evaluate_enterprises(&m, &rules, p("2025-06")).unwrap();
    assert_eq!(of(&june, "甲厂"), ["electricity_down_20_2m"]);
    assert_eq!(of(&june, "乙厂"), ["output_down_30"]);
    assert_eq!(of(&june, "丙厂"), ["stopped_reporting"]);
    let grade_of =
        |label: &str| {
            grade(june.iter().filter(
                |w| matches!(&w.subject, Subject::Enterprise { label: l, .. } if l == label),
            ))
        };
    assert_eq!(grade_of("甲厂"), Colour::Orange);
    assert_eq!(grade_of("乙厂"), Colour::Red);
    assert_eq!(grade_of("丙厂"), Colour::Blue);

    // One month of lower electricity is not yet two months running: 甲厂 is green in May.
    let may = evaluate_enterprises(&m, &rules, p("2025-05")).unwrap();
    assert!(of(&may, "甲厂").is_empty());
    assert_eq!(
        grade(may.iter().filter(|w| w.rule != "stopped_reporting")),
        Colour::Green
    );

    let elec = june
        .iter()
        .find(|w| w.rule == "electricity_down_20_2m")
        .unwrap();
    assert_eq!(elec.periods, [p("2025-05"), p("2025-06")]);
    assert_eq!(elec.figures, [Some(-0.25), Some(-0.25)]);
    assert!(
        elec.explanation_zh.starts_with("橙色预警：甲厂 用电量"),
        "{}",
        elec.explanation_zh
    );
    assert!(
        elec.explanation_zh.contains("2025年5月当月同比 -25.0%"),
        "{}",
        elec.explanation_zh
    );
    assert!(
        elec.explanation_en.contains("Jun 2025 month y/y -25.0%"),
        "{}",
        elec.explanation_en
    );
    assert!(
        elec.explanation_en
            .contains("rule electricity_down_20_2m: month y/y < -20.0%, 2 consecutive"),
        "{}",
        elec.explanation_en
    );
    let stopped = june.iter().find(|w| w.rule == "stopped_reporting").unwrap();
    assert!(
        stopped.explanation_zh.contains("2025年6月未报"),
        "{}",
        stopped.explanation_zh
    );
}

#[test]
fn groups_are_warned_on_their_own_figures() {
    let m = monitor();
    let rules = WarningRules::builtin().unwrap();
    let city = m.rollup(&RollupSpec::by(&["city"])).unwrap();
    // The city's output in June: 100 + 65 against 100 + 100 (丙厂 is not comparable): −17.5 %,
    // not a red warning; its electricity is down 12.5 %, not orange.
    let june = evaluate_groups(&city, &rules, p("2025-06")).unwrap();
    assert!(june.is_empty(), "{june:?}");
    assert_eq!(grade(&june), Colour::Green);
    let strict = WarningRules::parse(
        "id,colour,scopes,indicator,measure,op,threshold,periods,title_zh,title_en\n\
         city_output,red,city,output_value,month_yoy,<=,-17.5%,1,产值降,output down\n",
        "t",
    )
    .unwrap();
    let fired = evaluate_groups(&city, &strict, p("2025-06")).unwrap();
    assert_eq!(fired.len(), 1);
    assert_eq!(
        fired[0].subject,
        Subject::Group {
            dimensions: vec!["city".into()],
            labels: vec!["太原".into()]
        }
    );
    assert!(
        fired[0]
            .explanation_zh
            .starts_with("红色预警：太原 工业总产值"),
        "{}",
        fired[0].explanation_zh
    );
    let unknown = WarningRules::parse(
        "id,colour,scopes,indicator,measure,op,threshold,periods,title_zh,title_en\n\
         x,red,city,steel,month_yoy,<,0,1,钢,steel\n",
        "t",
    )
    .unwrap();
    assert!(
        matches!(evaluate_groups(&city, &unknown, p("2025-06")), Err(MonitorError::UnknownIndicator(c)) if c == "steel")
    );
}
