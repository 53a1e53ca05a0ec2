-- Withdrawal that truly erases (issue 11): the erasure log, its salt, and withdrawn evidence.
--
-- The erasure log says THAT a person was erased or anonymised, never WHO in words nor WHAT they said: ids, salted
-- hashes of their names, the mode, when and by whom. It outlives the person (no foreign key) and is re-applied after
-- every restore of a backup and every import, so an old copy cannot bring a withdrawn person back.

-- One random salt per journal, so a name hash cannot be compared across journals or looked up in a list of names.
-- Backups carry it with the log; a restore of a backup older than this migration puts the journal's own back.
CREATE TABLE erasure_salt (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  salt  BLOB NOT NULL CHECK (length(salt) = 32)
) STRICT;
INSERT INTO erasure_salt (id, salt) VALUES (1, randomblob(32));

CREATE TABLE erasure_log (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL,
  stakeholder_id  TEXT NOT NULL,
  mode            TEXT NOT NULL CHECK (mode IN ('erase', 'anonymise')),
  -- hex HMAC-SHA-256 of the normalised real name (or of the pseudonym when no real name was kept) under the salt.
  name_hash       TEXT NOT NULL CHECK (length(name_hash) = 64),
  -- The same hash of every other name the person went by (pseudonym, aliases), to recognise them in an import whose
  -- ids differ (a QDPX file). JSON array of hex strings.
  other_hashes    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(other_hashes) AND json_type(other_hashes) = 'array'),
  -- Every record id the erasure removed or withdrew (turns, links, codings, attachments, the stakeholder…).
  record_ids      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(record_ids) AND json_type(record_ids) = 'array'),
  -- The neutral label an anonymised person now goes by ('Participant W1'); '' for an erasure.
  label           TEXT NOT NULL DEFAULT '',
  erased_at       TEXT NOT NULL,
  erased_by       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX erasure_log_project ON erasure_log (project_id, erased_at);
CREATE INDEX erasure_log_stakeholder ON erasure_log (stakeholder_id);

-- A reflection that cited evidence later withdrawn keeps its link row as a marker: target kept as a bare id (the row
-- it named is gone), excerpt and comment cleared, and the time of the withdrawal here. The reflection shows
-- "[evidence withdrawn]" where the link was.
ALTER TABLE prompt_links ADD COLUMN withdrawn_at TEXT;
