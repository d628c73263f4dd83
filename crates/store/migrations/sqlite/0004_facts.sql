-- Enterprise facts: what eligibility rules and assessments need beyond the monthly figures
-- (finances by year, intellectual property, certifications, land area, emissions …), one value
-- per enterprise and fact. Fact names are the columns of the rules crate's facts table
-- (crates/rules/FACTS_TABLE.md): yearly facts carry their year (`total_assets_2025`).
CREATE TABLE enterprise_fact (
    enterprise_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    fact          TEXT NOT NULL CHECK (length(fact) BETWEEN 1 AND 80),
    value         TEXT NOT NULL,
    source        TEXT,
    batch_id      INTEGER REFERENCES import_batch (id),
    PRIMARY KEY (enterprise_id, fact)
);
CREATE INDEX enterprise_fact_name ON enterprise_fact (fact);
