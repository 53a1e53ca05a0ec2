-- Team sync: versions from the server this journal cannot apply (a table it does not know, a row that fails its
-- checks, a row whose parent row is nowhere → FOREIGN KEY). One such version used to stop every later sync; now it
-- is set aside here with its reason, the cursor moves past it, and the sync goes on. Kept whole, so nothing is lost:
-- a later Withness (or a person) can look at it. Local only; never synced, never exported.
CREATE TABLE sync_refused (
  project_id   TEXT NOT NULL,
  table_name   TEXT NOT NULL,
  row_key      TEXT NOT NULL,
  hash         TEXT NOT NULL,
  parents      TEXT NOT NULL DEFAULT '[]',
  revision     INTEGER NOT NULL DEFAULT 0,
  author       TEXT,
  committed_at TEXT,
  row          TEXT,
  reason       TEXT NOT NULL,
  refused_at   TEXT NOT NULL,
  PRIMARY KEY (project_id, table_name, row_key, hash)
) STRICT, WITHOUT ROWID;
