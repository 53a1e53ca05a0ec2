-- Team sync (issue 12): what a journal keeps to stay in step with an inquiry's feed on a PostgreSQL server.
-- The design is /work/notes/sync-spec.md ("Client"); electron/team/ is the code that reads and writes these tables.

-- One row per inquiry (project) linked to a server. Never a password: the app keeps that in the OS keychain.
-- The cursor is the (xid, seq) of the last feed row applied; xid is an xid8 as decimal text (it can exceed 2^53).
CREATE TABLE sync_links (
  project_id        TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  server_url        TEXT NOT NULL CHECK (length(server_url) > 0),
  member            TEXT NOT NULL CHECK (length(member) > 0),
  client_id         TEXT NOT NULL CHECK (length(client_id) > 0),
  cursor_xid        TEXT NOT NULL DEFAULT '0' CHECK (cursor_xid GLOB '[0-9]*'),
  cursor_seq        INTEGER NOT NULL DEFAULT 0,
  linked_at         TEXT NOT NULL,
  last_sync_at      TEXT,
  last_error        TEXT,
  mass_trash_share  REAL NOT NULL DEFAULT 0.25 CHECK (mass_trash_share > 0 AND mass_trash_share <= 1)
) STRICT;

-- Rows written here since the last push, by key only (the row's content is read when it is pushed). Filled by the
-- triggers below; empty for journals whose projects are not linked.
CREATE TABLE sync_outbox (
  project_id  TEXT NOT NULL,
  table_name  TEXT NOT NULL,
  row_key     TEXT NOT NULL,
  PRIMARY KEY (table_name, row_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_outbox_project ON sync_outbox (project_id);

-- Holds a row only inside the transaction that applies pulled changes, so the triggers do not send them back.
CREATE TABLE sync_applying (
  id  INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

-- Every version of every synced row this journal knows (its own and pulled ones). `tip` = no known version lists
-- it as a parent; the head (what the local table holds) is the tip with the greatest (revision, hash). `row` holds
-- the JSON of a version the local table does not hold: a non-head tip (conflict content) and nothing else.
-- `pending` = made here and not yet acknowledged by the server; `local_seq` keeps pending versions in the order
-- they were made. `author` is the PostgreSQL member; `committed_at` the server's time (local time while pending).
CREATE TABLE sync_versions (
  project_id    TEXT NOT NULL,
  table_name    TEXT NOT NULL,
  row_key       TEXT NOT NULL,
  hash          TEXT NOT NULL CHECK (length(hash) = 64),
  parents       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parents) AND json_type(parents) = 'array'),
  revision      INTEGER NOT NULL DEFAULT 0,
  author        TEXT,
  committed_at  TEXT,
  tip           INTEGER NOT NULL DEFAULT 1 CHECK (tip IN (0, 1)),
  row           TEXT CHECK (row IS NULL OR json_valid(row)),
  pending       INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
  local_seq     INTEGER,
  PRIMARY KEY (table_name, row_key, hash)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_versions_tips ON sync_versions (project_id, tip, table_name, row_key);
CREATE INDEX sync_versions_pending ON sync_versions (project_id, local_seq) WHERE pending = 1;

-- Erasures and the server: the ids of the rows a withdrawal rewrote (their old versions on the server hold the
-- name and are purged), and when the instruction reached the server (NULL: still to send; a log row that came
-- from the server is written with it set).
ALTER TABLE erasure_log ADD COLUMN rewritten_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rewritten_ids) AND json_type(rewritten_ids) = 'array');
ALTER TABLE erasure_log ADD COLUMN pushed_at TEXT;

-- The outbox triggers: every insert, update and delete of a synced table's row whose inquiry is linked, outside the
-- apply transaction. The WHEN clause is one primary-key probe of sync_links (empty when nothing is linked), so an
-- unlinked journal's writes pay almost nothing (issue 14 measures ingest).
-- An inquiry deleted here is not deleted for the team (its link goes with it): projects have no delete trigger.
CREATE TRIGGER sync_outbox_projects_insert AFTER INSERT ON projects
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.id, 'projects', new.id); END;
CREATE TRIGGER sync_outbox_projects_update AFTER UPDATE ON projects
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.id, 'projects', new.id); END;

CREATE TRIGGER sync_outbox_team_members_insert AFTER INSERT ON team_members
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'team_members', new.id); END;
CREATE TRIGGER sync_outbox_team_members_update AFTER UPDATE ON team_members
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'team_members', new.id); END;
CREATE TRIGGER sync_outbox_team_members_delete AFTER DELETE ON team_members
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'team_members', old.id); END;

CREATE TRIGGER sync_outbox_stakeholders_insert AFTER INSERT ON stakeholders
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'stakeholders', new.id); END;
CREATE TRIGGER sync_outbox_stakeholders_update AFTER UPDATE ON stakeholders
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'stakeholders', new.id); END;
CREATE TRIGGER sync_outbox_stakeholders_delete AFTER DELETE ON stakeholders
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'stakeholders', old.id); END;

CREATE TRIGGER sync_outbox_codes_insert AFTER INSERT ON codes
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'codes', new.id); END;
CREATE TRIGGER sync_outbox_codes_update AFTER UPDATE ON codes
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'codes', new.id); END;
CREATE TRIGGER sync_outbox_codes_delete AFTER DELETE ON codes
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'codes', old.id); END;

CREATE TRIGGER sync_outbox_cycles_insert AFTER INSERT ON cycles
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'cycles', new.id); END;
CREATE TRIGGER sync_outbox_cycles_update AFTER UPDATE ON cycles
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'cycles', new.id); END;
CREATE TRIGGER sync_outbox_cycles_delete AFTER DELETE ON cycles
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'cycles', old.id); END;

CREATE TRIGGER sync_outbox_phase_prompts_insert AFTER INSERT ON phase_prompts
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'phase_prompts', new.id); END;
CREATE TRIGGER sync_outbox_phase_prompts_update AFTER UPDATE ON phase_prompts
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'phase_prompts', new.id); END;
CREATE TRIGGER sync_outbox_phase_prompts_delete AFTER DELETE ON phase_prompts
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'phase_prompts', old.id); END;

CREATE TRIGGER sync_outbox_phase_entries_insert AFTER INSERT ON phase_entries
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'phase_entries', new.id); END;
CREATE TRIGGER sync_outbox_phase_entries_update AFTER UPDATE ON phase_entries
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'phase_entries', new.id); END;
CREATE TRIGGER sync_outbox_phase_entries_delete AFTER DELETE ON phase_entries
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'phase_entries', old.id); END;

CREATE TRIGGER sync_outbox_field_notes_insert AFTER INSERT ON field_notes
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'field_notes', new.id); END;
CREATE TRIGGER sync_outbox_field_notes_update AFTER UPDATE ON field_notes
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'field_notes', new.id); END;
CREATE TRIGGER sync_outbox_field_notes_delete AFTER DELETE ON field_notes
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'field_notes', old.id); END;

-- The two link tables have no project column: their note's or dialogue's says which inquiry they belong to.
CREATE TRIGGER sync_outbox_field_note_stakeholders_insert AFTER INSERT ON field_note_stakeholders
WHEN EXISTS (SELECT 1 FROM sync_links) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key)
  SELECT n.project_id, 'field_note_stakeholders', new.note_id || '/' || new.stakeholder_id
  FROM field_notes n JOIN sync_links l ON l.project_id = n.project_id WHERE n.id = new.note_id; END;
CREATE TRIGGER sync_outbox_field_note_stakeholders_delete AFTER DELETE ON field_note_stakeholders
WHEN EXISTS (SELECT 1 FROM sync_links) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key)
  SELECT n.project_id, 'field_note_stakeholders', old.note_id || '/' || old.stakeholder_id
  FROM field_notes n JOIN sync_links l ON l.project_id = n.project_id WHERE n.id = old.note_id; END;

CREATE TRIGGER sync_outbox_dialogues_insert AFTER INSERT ON dialogues
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'dialogues', new.id); END;
CREATE TRIGGER sync_outbox_dialogues_update AFTER UPDATE ON dialogues
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'dialogues', new.id); END;
CREATE TRIGGER sync_outbox_dialogues_delete AFTER DELETE ON dialogues
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'dialogues', old.id); END;

CREATE TRIGGER sync_outbox_dialogue_participants_insert AFTER INSERT ON dialogue_participants
WHEN EXISTS (SELECT 1 FROM sync_links) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key)
  SELECT d.project_id, 'dialogue_participants', new.dialogue_id || '/' || new.stakeholder_id
  FROM dialogues d JOIN sync_links l ON l.project_id = d.project_id WHERE d.id = new.dialogue_id; END;
CREATE TRIGGER sync_outbox_dialogue_participants_delete AFTER DELETE ON dialogue_participants
WHEN EXISTS (SELECT 1 FROM sync_links) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key)
  SELECT d.project_id, 'dialogue_participants', old.dialogue_id || '/' || old.stakeholder_id
  FROM dialogues d JOIN sync_links l ON l.project_id = d.project_id WHERE d.id = old.dialogue_id; END;

CREATE TRIGGER sync_outbox_dialogue_turns_insert AFTER INSERT ON dialogue_turns
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'dialogue_turns', new.id); END;
CREATE TRIGGER sync_outbox_dialogue_turns_update AFTER UPDATE ON dialogue_turns
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'dialogue_turns', new.id); END;
CREATE TRIGGER sync_outbox_dialogue_turns_delete AFTER DELETE ON dialogue_turns
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'dialogue_turns', old.id); END;

CREATE TRIGGER sync_outbox_reflections_insert AFTER INSERT ON reflections
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'reflections', new.id); END;
CREATE TRIGGER sync_outbox_reflections_update AFTER UPDATE ON reflections
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'reflections', new.id); END;
CREATE TRIGGER sync_outbox_reflections_delete AFTER DELETE ON reflections
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'reflections', old.id); END;

CREATE TRIGGER sync_outbox_prompt_links_insert AFTER INSERT ON prompt_links
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'prompt_links', new.id); END;
CREATE TRIGGER sync_outbox_prompt_links_update AFTER UPDATE ON prompt_links
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'prompt_links', new.id); END;
CREATE TRIGGER sync_outbox_prompt_links_delete AFTER DELETE ON prompt_links
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'prompt_links', old.id); END;

CREATE TRIGGER sync_outbox_code_applications_insert AFTER INSERT ON code_applications
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'code_applications', new.id); END;
CREATE TRIGGER sync_outbox_code_applications_update AFTER UPDATE ON code_applications
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'code_applications', new.id); END;
CREATE TRIGGER sync_outbox_code_applications_delete AFTER DELETE ON code_applications
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'code_applications', old.id); END;

CREATE TRIGGER sync_outbox_attachments_insert AFTER INSERT ON attachments
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'attachments', new.id); END;
CREATE TRIGGER sync_outbox_attachments_update AFTER UPDATE ON attachments
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'attachments', new.id); END;
CREATE TRIGGER sync_outbox_attachments_delete AFTER DELETE ON attachments
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'attachments', old.id); END;

CREATE TRIGGER sync_outbox_revisions_insert AFTER INSERT ON revisions
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'revisions', new.id); END;
CREATE TRIGGER sync_outbox_revisions_update AFTER UPDATE ON revisions
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'revisions', new.id); END;
CREATE TRIGGER sync_outbox_revisions_delete AFTER DELETE ON revisions
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'revisions', old.id); END;

CREATE TRIGGER sync_outbox_trash_items_insert AFTER INSERT ON trash_items
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'trash_items', new.id); END;
CREATE TRIGGER sync_outbox_trash_items_update AFTER UPDATE ON trash_items
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = new.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (new.project_id, 'trash_items', new.id); END;
CREATE TRIGGER sync_outbox_trash_items_delete AFTER DELETE ON trash_items
WHEN EXISTS (SELECT 1 FROM sync_links WHERE project_id = old.project_id) AND NOT EXISTS (SELECT 1 FROM sync_applying)
BEGIN INSERT OR IGNORE INTO sync_outbox (project_id, table_name, row_key) VALUES (old.project_id, 'trash_items', old.id); END;
