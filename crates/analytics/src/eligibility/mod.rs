//! Eligibility (梯度培育 titles, 链主, 链核) on stored data: the loader that assembles each
//! enterprise's `rules::EnterpriseFacts`, screening, cultivation pipelines and one enterprise's
//! full explanation.
//!
//! Where each fact comes from, first source wins:
//!
//! 1. **The register** — the enterprise table gives the key (USCC), name, region and size class
//!    (大中小微) of every enterprise, whatever was filed; the designation table gives the titles
//!    held (approved or published designations: title, granted = `valid_from`, `valid_until`,
//!    rule version), added to any filed `titles` list. The register is taken as complete: an
//!    enterprise with no designation holds no title (known, not unknown).
//! 2. **Filed facts** — the `enterprise_fact` rows, whose names are the columns of the rules
//!    crate's facts table (crates/rules/FACTS_TABLE.md), read by `rules::FactsTable` itself. Other
//!    stored facts (`land_area_mu`, `value_added_<year>` …, read by other engines) are passed over.
//!    A value that cannot be read counts as unknown and is reported in
//!    [`EligibilityData::unreadable`].
//! 3. **Derived facts**, only where nothing was filed — a filed fact always beats a derived one:
//!    - `partner_firms`: distinct suppliers and customers in the enterprise's own province, in the
//!      latest year with supply links (every enterprise then has a count, 0 when it has none);
//!    - `chain_master_trade_<year>`: for each year with supply links, the largest yearly sale to
//!      one chain-master (memberships with role `chain_master`), 0 when none
//!      (`rules::supply::chain_master_trade`); unknown when the store records no chain-master;
//!    - `revenue_<year>` and `rd_expense_<year>`: the sum of the monthly `operating_revenue` and
//!      `rd_expenditure` reports over a calendar year the enterprise reported completely (1–2月 and
//!      3月 … 12月); `employees_<year>`: the December head count (`employees` is a stock).
//!
//! Each enterprise's [`EligibilityData::derived`] lists which of its facts came from 1 (titles)
//! and 3, so an explanation can say where a figure came from.
//!
//! A handler or command loads once ([`load`] for a province, chain or region — see [`Scope`] —
//! or [`load_enterprise`] for one page), builds a `rules::Evaluator` for the date and the
//! authority ([`ResolvedScope::evaluator`], or [`enterprise_authority`] for a page) and calls
//! [`screen`], [`pipelines`] or [`explain`].

mod explain;
mod load;
mod screening;

pub use explain::{EnterpriseEligibility, PipelineMark, explain, explanation_table};
pub use load::{
    DerivedFact, EligibilityData, FactSource, ResolvedScope, Scope, UnreadableFact,
    enterprise_authority, evaluator, home_province, load, load_enterprise,
};
pub use screening::{
    Pipelines, Screening, StageCount, VerdictCounts, pipelines, screen, stage_count_table,
    titles_in_force,
};
