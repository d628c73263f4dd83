-- Core schema: reference codes, places, enterprises, chains, supply network, indicators,
-- observations with their revision history, designations, targets and import batches.
-- Natural keys are UNIQUE or PRIMARY KEY; codes reference the reference tables, so the database
-- itself refuses an unknown region or industry code. Integers are 64-bit on both backends.

CREATE TABLE region (
    code        INTEGER PRIMARY KEY CHECK (code BETWEEN 110000 AND 829999),
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
    parent      INTEGER REFERENCES region (code),
    zone        BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE industry (
    code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 4),
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('section', 'division', 'group', 'class')),
    parent      TEXT REFERENCES industry (code)
);

CREATE TABLE import_batch (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    source        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('running', 'committed', 'rejected')),
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_accepted INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    actor         TEXT
);

CREATE TABLE park (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    region_code         INTEGER NOT NULL REFERENCES region (code),
    city_code           INTEGER REFERENCES region (code),
    province_code       INTEGER NOT NULL REFERENCES region (code),
    level               TEXT NOT NULL,
    available_land_ha   DOUBLE PRECISION CHECK (available_land_ha >= 0),
    standard_factory_m2 DOUBLE PRECISION CHECK (standard_factory_m2 >= 0)
);

CREATE TABLE professional_town (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    region_code   INTEGER NOT NULL REFERENCES region (code),
    city_code     INTEGER REFERENCES region (code),
    province_code INTEGER NOT NULL REFERENCES region (code),
    tier          TEXT NOT NULL,
    field         TEXT NOT NULL,
    industries    TEXT NOT NULL DEFAULT '',
    designated    TEXT,
    batch         INTEGER,
    note          TEXT
);

CREATE TABLE enterprise (
    id                    INTEGER PRIMARY KEY,
    uscc                  TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
    name                  TEXT NOT NULL,
    region_code           INTEGER NOT NULL REFERENCES region (code),
    city_code             INTEGER REFERENCES region (code),
    province_code         INTEGER NOT NULL REFERENCES region (code),
    industry_code         TEXT NOT NULL REFERENCES industry (code),
    size_class            TEXT NOT NULL CHECK (size_class IN ('large', 'medium', 'small', 'micro')),
    above_designated_size BOOLEAN NOT NULL,
    park_id               INTEGER REFERENCES park (id),
    founded               INTEGER CHECK (founded BETWEEN 1800 AND 2100),
    batch_id              INTEGER REFERENCES import_batch (id)
);
CREATE INDEX enterprise_city ON enterprise (city_code);
CREATE INDEX enterprise_region ON enterprise (region_code);
CREATE INDEX enterprise_province ON enterprise (province_code);

CREATE TABLE chain (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('province', 'city')),
    region_code     INTEGER NOT NULL REFERENCES region (code),
    parent_id       INTEGER REFERENCES chain (id),
    chief           TEXT,
    lead_department TEXT,
    co_departments  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE chain_node (
    id           INTEGER PRIMARY KEY,
    chain_id     INTEGER NOT NULL REFERENCES chain (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    segment      TEXT NOT NULL CHECK (segment IN ('upstream', 'midstream', 'downstream')),
    parent_id    INTEGER REFERENCES chain_node (id),
    industries   TEXT NOT NULL DEFAULT '',
    key_products TEXT NOT NULL DEFAULT '',
    UNIQUE (chain_id, code)
);

CREATE TABLE node_relation (
    chain_id     INTEGER NOT NULL REFERENCES chain (id) ON DELETE CASCADE,
    from_node_id INTEGER NOT NULL REFERENCES chain_node (id) ON DELETE CASCADE,
    to_node_id   INTEGER NOT NULL REFERENCES chain_node (id) ON DELETE CASCADE,
    PRIMARY KEY (from_node_id, to_node_id),
    CHECK (from_node_id <> to_node_id)
);

CREATE TABLE membership (
    enterprise_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    node_id       INTEGER NOT NULL REFERENCES chain_node (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('chain_master', 'chain_core', 'member')),
    evidence      TEXT NOT NULL CHECK (evidence IN ('strong', 'medium', 'weak')),
    source        TEXT NOT NULL,
    batch_id      INTEGER REFERENCES import_batch (id),
    PRIMARY KEY (enterprise_id, node_id)
);
CREATE INDEX membership_node ON membership (node_id);

CREATE TABLE supply_link (
    supplier_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100),
    value       DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    product     TEXT,
    batch_id    INTEGER REFERENCES import_batch (id),
    PRIMARY KEY (supplier_id, customer_id, year),
    CHECK (supplier_id <> customer_id)
);
CREATE INDEX supply_link_customer ON supply_link (customer_id);

CREATE TABLE indicator (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    unit             TEXT NOT NULL,
    frequency        TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual')),
    aggregation      TEXT NOT NULL CHECK (aggregation IN ('sum', 'mean', 'ratio', 'stock')),
    comparable_price BOOLEAN NOT NULL DEFAULT FALSE,
    numerator        TEXT,
    denominator      TEXT
);

-- period: YYYYMM of an NBS reporting period (YYYY02 = 1–2月; no month 01).
CREATE TABLE observation (
    enterprise_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    indicator_id  INTEGER NOT NULL REFERENCES indicator (id),
    period        INTEGER NOT NULL CHECK (period % 100 BETWEEN 2 AND 12 AND period / 100 BETWEEN 1949 AND 2100),
    value         DOUBLE PRECISION NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    batch_id      INTEGER REFERENCES import_batch (id),
    PRIMARY KEY (indicator_id, period, enterprise_id)
) WITHOUT ROWID;
CREATE INDEX observation_enterprise ON observation (enterprise_id, indicator_id, period);

-- Every value an import replaced, so nothing is silently overwritten.
CREATE TABLE observation_revision (
    enterprise_id INTEGER NOT NULL,
    indicator_id  INTEGER NOT NULL,
    period        INTEGER NOT NULL,
    revision      INTEGER NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    batch_id      INTEGER REFERENCES import_batch (id),
    replaced_by   INTEGER REFERENCES import_batch (id),
    PRIMARY KEY (enterprise_id, indicator_id, period, revision)
);

CREATE TABLE designation (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    chain_id      INTEGER REFERENCES chain (id),
    status        TEXT NOT NULL,
    rule_version  TEXT,
    valid_from    TEXT,
    valid_until   TEXT,
    decision      TEXT,
    batch_id      INTEGER REFERENCES import_batch (id)
);
CREATE INDEX designation_enterprise ON designation (enterprise_id);

CREATE TABLE chain_target (
    chain_id    INTEGER NOT NULL REFERENCES chain (id) ON DELETE CASCADE,
    indicator   TEXT NOT NULL,
    target_year INTEGER NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    baseline_year  INTEGER,
    baseline_value DOUBLE PRECISION,
    note        TEXT,
    PRIMARY KEY (chain_id, indicator, target_year)
);
