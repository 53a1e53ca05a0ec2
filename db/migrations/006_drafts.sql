-- Unsaved drafts inside the journal (review finding): the renderer used to keep them in localStorage, a LevelDB store
-- in Chromium's profile that is not encrypted and keeps old values in its log files after removal. Here they share
-- the journal's encryption, backups and erasure. A draft lives from the first keystroke until its record is saved.
CREATE TABLE drafts (
  -- The editor's draft key ('note:<id>', 'new-entry.<cycle id>.<phase>', …): one draft per editor.
  key          TEXT PRIMARY KEY CHECK (length(key) BETWEEN 3 AND 200),
  -- The record itself has no foreign key (a draft outlives its record's move to the trash); its inquiry has, so
  -- deleting an inquiry takes its drafts along, and erasure finds them by project.
  project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  record_type  TEXT NOT NULL CHECK (length(record_type) BETWEEN 1 AND 40),
  record_id    TEXT NOT NULL,
  -- The editor's value as JSON (a form or a string).
  body         TEXT NOT NULL CHECK (json_valid(body)),
  saved_at     TEXT NOT NULL
) STRICT;
CREATE INDEX drafts_project ON drafts (project_id);
CREATE INDEX drafts_record ON drafts (record_id);
