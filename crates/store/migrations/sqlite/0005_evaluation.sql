-- Evaluation runs (跟踪评价, assessments, designations): every published score with what it was
-- computed from, so that it can be reproduced exactly even after later imports: the framework
-- as run (its TOML text, id, version and content digest), the methods and parameters, the input
-- snapshot (the dataset itself, JSON), the results (JSON), the engine version, when and by whom.
CREATE TABLE evaluation_run (
    id                INTEGER PRIMARY KEY,
    framework_id      TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    framework_digest  TEXT NOT NULL,
    framework         TEXT NOT NULL,
    unit_kind         TEXT NOT NULL,
    year              INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100),
    methods           TEXT NOT NULL,
    parameters        TEXT NOT NULL,
    units             INTEGER NOT NULL CHECK (units >= 0),
    input_digest      TEXT NOT NULL,
    input_snapshot    TEXT NOT NULL,
    result_digest     TEXT NOT NULL,
    results           TEXT NOT NULL,
    record            TEXT NOT NULL,
    engine            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    actor             TEXT
);
CREATE INDEX evaluation_run_framework ON evaluation_run (framework_id, year);
