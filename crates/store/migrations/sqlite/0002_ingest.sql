-- Importer support: every batch keeps the fingerprint of the file it came from and a short account
-- of its outcome (counts by reason for a rejected batch; inserted / revised / unchanged for a
-- committed one), so the batch history answers "what was imported, and why was it refused".
ALTER TABLE import_batch ADD COLUMN sha256 TEXT;
ALTER TABLE import_batch ADD COLUMN detail TEXT;

-- Which batch replaced a value: the revision history is read batch by batch.
CREATE INDEX observation_revision_replaced_by ON observation_revision (replaced_by);

-- Designations have no single-column natural key; re-imports match them on
-- (enterprise, title, chain, valid_from), which this index serves.
CREATE INDEX designation_natural ON designation (enterprise_id, title);
