//! Writes a province to CSV files (UTF-8, one file per kind), streaming supply links and
//! observations so that the national size never sits in memory twice.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::load::Progress;
use crate::{DemoError, INDICATORS, LINK_YEAR, Province};

/// The files written, in the order an importer would load them.
pub const FILES: [&str; 12] = [
    "parks.csv",
    "towns.csv",
    "indicators.csv",
    "enterprises.csv",
    "chains.csv",
    "chain_nodes.csv",
    "node_relations.csv",
    "memberships.csv",
    "designations.csv",
    "facts.csv",
    "supply_links.csv",
    "observations.csv",
];

struct Writer {
    path: String,
    csv: csv::Writer<BufWriter<File>>,
}

impl Writer {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Self, DemoError> {
        let path = dir.join(name);
        let display = path.display().to_string();
        let file = File::create(&path).map_err(|source| DemoError::Write {
            path: display.clone(),
            source,
        })?;
        let mut writer = Writer {
            path: display,
            csv: csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file)),
        };
        writer.row(header)?;
        Ok(writer)
    }

    fn row<I, T>(&mut self, fields: I) -> Result<(), DemoError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.csv
            .write_record(fields)
            .map_err(|source| DemoError::Csv {
                path: self.path.clone(),
                source,
            })
    }

    fn finish(mut self) -> Result<(), DemoError> {
        self.csv.flush().map_err(|source| DemoError::Write {
            path: self.path.clone(),
            source,
        })
    }
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn codes(codes: &[model::IndustryCode]) -> String {
    codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes every file of [`FILES`] into `dir` (which must exist).
pub fn export(province: &Province, dir: &Path, progress: Progress<'_>) -> Result<(), DemoError> {
    let p = &province.population;
    let mut w = Writer::create(
        dir,
        "parks.csv",
        &[
            "code",
            "name",
            "region",
            "level",
            "available_land_ha",
            "standard_factory_m2",
        ],
    )?;
    for park in &p.parks {
        w.row([
            park.code.clone(),
            park.name.clone(),
            park.region.to_string(),
            park.level.clone(),
            opt(&park.available_land_ha),
            opt(&park.standard_factory_m2),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "towns.csv",
        &[
            "code",
            "name",
            "region",
            "tier",
            "field",
            "industries",
            "designated",
            "batch",
            "note",
        ],
    )?;
    for t in &p.towns {
        w.row([
            t.code.clone(),
            t.name.clone(),
            t.region.to_string(),
            t.tier.clone(),
            t.field.clone(),
            codes(&t.industries),
            opt(&t.designated),
            opt(&t.batch),
            opt(&t.note),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "indicators.csv",
        &[
            "code",
            "name_zh",
            "name_en",
            "unit",
            "frequency",
            "aggregation",
        ],
    )?;
    for i in &province.indicators {
        w.row([
            &i.code,
            &i.name_zh,
            &i.name_en,
            &i.unit,
            i.frequency.as_str(),
            i.aggregation.as_str(),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "enterprises.csv",
        &[
            "uscc",
            "name",
            "region",
            "industry",
            "size_class",
            "above_designated_size",
            "park",
            "founded",
        ],
    )?;
    for e in &p.enterprises {
        w.row([
            e.uscc.to_string(),
            e.name.clone(),
            e.region.to_string(),
            e.industry.to_string(),
            e.size_class.as_str().to_owned(),
            e.above_designated_size.to_string(),
            opt(&e.park),
            opt(&e.founded),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "chains.csv",
        &[
            "code",
            "name",
            "level",
            "region",
            "parent",
            "chief",
            "lead_department",
            "co_departments",
        ],
    )?;
    for c in &p.chains {
        w.row([
            c.code.clone(),
            c.name.clone(),
            c.level.as_str().to_owned(),
            c.region.to_string(),
            opt(&c.parent),
            opt(&c.chief),
            opt(&c.lead_department),
            c.co_departments.join(","),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "chain_nodes.csv",
        &[
            "chain",
            "code",
            "name",
            "segment",
            "parent",
            "industries",
            "key_products",
        ],
    )?;
    for n in &p.nodes {
        w.row([
            n.chain.clone(),
            n.code.clone(),
            n.name.clone(),
            n.segment.as_str().to_owned(),
            opt(&n.parent),
            codes(&n.industries),
            n.key_products.join(";"),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(dir, "node_relations.csv", &["chain", "from", "to"])?;
    for r in &p.relations {
        w.row([&r.chain, &r.from, &r.to])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "memberships.csv",
        &["uscc", "chain", "node", "role", "evidence", "source"],
    )?;
    for m in &p.memberships {
        w.row([
            m.uscc.as_str(),
            &m.chain,
            &m.node,
            m.role.as_str(),
            m.evidence.as_str(),
            &m.source,
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(
        dir,
        "designations.csv",
        &[
            "uscc",
            "title",
            "chain",
            "status",
            "rule_version",
            "valid_from",
            "valid_until",
            "decision",
        ],
    )?;
    for d in &province.designations {
        w.row([
            d.uscc.to_string(),
            d.title.as_str().to_owned(),
            opt(&d.chain),
            d.status.as_str().to_owned(),
            opt(&d.rule_version),
            opt(&d.valid_from),
            opt(&d.valid_until),
            opt(&d.decision),
        ])?;
    }
    w.finish()?;

    let mut w = Writer::create(dir, "facts.csv", &["uscc", "fact", "value"])?;
    for index in 0..p.enterprises.len() {
        for fact in province.facts_of(index) {
            w.row([fact.uscc.as_str(), &fact.fact, &fact.value])?;
        }
    }
    w.finish()?;

    let n = p.enterprises.len() as u64;
    let year = LINK_YEAR.to_string();
    let mut w = Writer::create(
        dir,
        "supply_links.csv",
        &["supplier", "customer", "year", "value", "product"],
    )?;
    for (customer, enterprise) in p.enterprises.iter().enumerate() {
        for (supplier, value) in province.links_of(customer) {
            w.row([
                p.enterprises[supplier].uscc.as_str(),
                enterprise.uscc.as_str(),
                &year,
                &value.to_string(),
                "",
            ])?;
        }
        if customer % 10_000 == 0 {
            progress("supply links", customer as u64, n);
        }
    }
    w.finish()?;
    progress("supply links", n, n);

    let mut w = Writer::create(
        dir,
        "observations.csv",
        &["uscc", "indicator", "period", "value"],
    )?;
    for (index, enterprise) in p.enterprises.iter().enumerate() {
        for (indicator, period, value) in province.observations_of(index) {
            w.row([
                enterprise.uscc.as_str(),
                INDICATORS[indicator].0,
                &period.to_string(),
                &value.to_string(),
            ])?;
        }
        if index % 10_000 == 0 {
            progress("observations", index as u64, n);
        }
    }
    w.finish()?;
    progress("observations", n, n);
    Ok(())
}
