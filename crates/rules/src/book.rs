//! The rule book: every version of every title's rules, and the choice of the one in force.

use model::TitleKind;

use crate::date::Date;
use crate::error::RuleError;
use crate::file::{self, Parsed};
use crate::ruleset::RuleSet;

/// The rule files this crate ships, compiled in: `(file name, text)`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "innovative-sme-2022.toml",
        include_str!("../rulesets/innovative-sme-2022.toml"),
    ),
    (
        "specialised-sme-2022.toml",
        include_str!("../rulesets/specialised-sme-2022.toml"),
    ),
    (
        "little-giant-2022.toml",
        include_str!("../rulesets/little-giant-2022.toml"),
    ),
    (
        "tech-innovative-sme-2026.toml",
        include_str!("../rulesets/tech-innovative-sme-2026.toml"),
    ),
    (
        "specialised-sme-2026.toml",
        include_str!("../rulesets/specialised-sme-2026.toml"),
    ),
    (
        "little-giant-2026.toml",
        include_str!("../rulesets/little-giant-2026.toml"),
    ),
    (
        "single-champion-2016.toml",
        include_str!("../rulesets/single-champion-2016.toml"),
    ),
    (
        "single-champion-2023.toml",
        include_str!("../rulesets/single-champion-2023.toml"),
    ),
    (
        "chain-master-shanxi.toml",
        include_str!("../rulesets/chain-master-shanxi.toml"),
    ),
    (
        "chain-master-guangdong.toml",
        include_str!("../rulesets/chain-master-guangdong.toml"),
    ),
    (
        "chain-core-shanxi.toml",
        include_str!("../rulesets/chain-core-shanxi.toml"),
    ),
];

/// All loaded rule sets.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

impl RuleBook {
    /// An empty book (load your own files).
    pub fn new() -> RuleBook {
        RuleBook::default()
    }

    /// The rule sets this crate ships.
    pub fn builtin() -> Result<RuleBook, RuleError> {
        let mut book = RuleBook::new();
        for (name, text) in BUILTIN_FILES {
            book.load(text, &format!("built-in:{name}"))?;
        }
        Ok(book)
    }

    /// Loads a rule file (a rule set, a new version extending a loaded set, or a provincial
    /// overlay on a loaded set). A set with the id
    /// of a loaded one replaces it, so a corrected copy of a shipped file overrides the original.
    /// `origin` names the file in errors.
    pub fn load(&mut self, text: &str, origin: &str) -> Result<&RuleSet, RuleError> {
        let base = |id: &str| {
            self.get(id).ok_or_else(|| RuleError::UnknownBase {
                origin: origin.to_owned(),
                base: id.to_owned(),
            })
        };
        let set = match file::parse(text, origin)? {
            Parsed::RuleSet(set) => set,
            Parsed::Extension { mut set, extends } => {
                let base = base(&extends)?;
                if base.title != set.title {
                    return Err(RuleError::Invalid {
                        origin: origin.to_owned(),
                        at: "(top level)".to_owned(),
                        message: format!(
                            "extends `{extends}`, a {} rule set, but is for {}",
                            base.title.as_str(),
                            set.title.as_str()
                        ),
                    });
                }
                set.requirements = base.requirements.clone();
                set.score = base.score.clone();
                set.routes = base.routes.clone();
                set
            }
            Parsed::Overlay(overlay) => overlay.apply(base(&overlay.extends)?)?,
        };
        self.insert(set)
    }

    /// Adds a rule set built in code; same checks as [`RuleBook::load`].
    pub fn insert(&mut self, set: RuleSet) -> Result<&RuleSet, RuleError> {
        for other in self.sets.iter().filter(|other| other.id != set.id) {
            let same_scope = other.title == set.title && other.jurisdiction == set.jurisdiction;
            let overlap = other.in_force_from <= set.in_force_until.unwrap_or(Date::MAX)
                && set.in_force_from <= other.in_force_until.unwrap_or(Date::MAX);
            if same_scope && overlap {
                return Err(RuleError::Overlap {
                    first: other.id.clone(),
                    second: set.id.clone(),
                    title: set.title.as_str(),
                    jurisdiction: set.jurisdiction.to_string(),
                });
            }
        }
        let mut sets = self.sets.clone();
        let index = match sets.iter().position(|other| other.id == set.id) {
            Some(index) => {
                sets[index] = set;
                index
            }
            None => {
                sets.push(set);
                sets.len() - 1
            }
        };
        check_acyclic(&sets)?;
        self.sets = sets;
        Ok(&self.sets[index])
    }

    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }

    pub fn get(&self, id: &str) -> Option<&RuleSet> {
        self.sets.iter().find(|set| set.id == id)
    }

    /// The rule set for `title` in force on `date` for an authority in `region` (a GB/T 2260 code
    /// or prefix; `None` for national rules only). A provincial set beats a national one.
    pub fn in_force(
        &self,
        title: TitleKind,
        date: Date,
        region: Option<&str>,
    ) -> Result<&RuleSet, RuleError> {
        self.sets
            .iter()
            .filter(|set| set.title == title && set.in_force_on(date))
            .filter_map(|set| set.jurisdiction.covers(region).map(|rank| (rank, set)))
            .max_by_key(|(rank, _)| *rank)
            .map(|(_, set)| set)
            .ok_or_else(|| RuleError::NoneInForce {
                title: title.as_str(),
                date,
                region: region.unwrap_or("national").to_owned(),
            })
    }

    /// Titles that have a rule set in force on `date` for `region`, in [`TitleKind::ALL`] order.
    pub fn titles_in_force(&self, date: Date, region: Option<&str>) -> Vec<TitleKind> {
        TitleKind::ALL
            .iter()
            .copied()
            .filter(|title| self.in_force(*title, date, region).is_ok())
            .collect()
    }
}

/// Rejects rule sets whose titles consult each other in a loop (`qualifies_for`), which would
/// recurse forever.
fn check_acyclic(sets: &[RuleSet]) -> Result<(), RuleError> {
    let edges: Vec<(TitleKind, TitleKind)> = sets
        .iter()
        .flat_map(|set| {
            set.referenced_titles()
                .into_iter()
                .map(move |target| (set.title, target))
        })
        .collect();
    fn visit(
        title: TitleKind,
        edges: &[(TitleKind, TitleKind)],
        path: &mut Vec<TitleKind>,
    ) -> Result<(), RuleError> {
        if path.contains(&title) {
            path.push(title);
            let cycle: Vec<&str> = path.iter().map(|title| title.as_str()).collect();
            return Err(RuleError::Cycle {
                cycle: cycle.join(" → "),
            });
        }
        path.push(title);
        for (_, target) in edges.iter().filter(|(from, _)| *from == title) {
            visit(*target, edges, path)?;
        }
        path.pop();
        Ok(())
    }
    for title in TitleKind::ALL {
        visit(*title, &edges, &mut Vec::new())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_load() {
        let book = RuleBook::builtin().unwrap();
        assert_eq!(book.sets().len(), BUILTIN_FILES.len());
        let ids: Vec<&str> = book.sets().iter().map(|set| set.id.as_str()).collect();
        assert!(ids.contains(&"little-giant-2026"));
        let extended = book.get("tech-innovative-sme-2026").unwrap();
        assert_eq!(
            extended.score,
            book.get("innovative-sme-2022").unwrap().score
        );
        assert!(extended.unverified);
    }
}
