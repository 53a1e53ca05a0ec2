-- Withness schema, version 1: the whole domain of DESIGN.md.
-- Ids are UUIDv7 text; times are ISO-8601 UTC text; dates are YYYY-MM-DD.
-- Soft deletion: a non-null deleted_at means "in the trash" (see trash_items).

CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
  concern     TEXT NOT NULL DEFAULT '',
  setting     TEXT NOT NULL DEFAULT '',
  started_on  TEXT,
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed')),
  is_fictional INTEGER NOT NULL DEFAULT 0 CHECK (is_fictional IN (0, 1)),
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;

CREATE TABLE team_members (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  role        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX team_members_project ON team_members (project_id);

CREATE TABLE cycles (
  id            TEXT PRIMARY KEY,
  project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  parent_id     TEXT REFERENCES cycles (id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL CHECK (ordinal > 0),
  title         TEXT NOT NULL DEFAULT '',
  focus         TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  current_phase TEXT NOT NULL DEFAULT 'plan' CHECK (current_phase IN ('plan', 'act', 'observe', 'reflect')),
  started_on    TEXT,
  ended_on      TEXT,
  revision      INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT
) STRICT;
CREATE INDEX cycles_project ON cycles (project_id, ordinal);
CREATE INDEX cycles_parent ON cycles (parent_id);

-- Guiding prompts per phase; editable per project (defaults are seeded by the application).
CREATE TABLE phase_prompts (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  phase       TEXT NOT NULL CHECK (phase IN ('plan', 'act', 'observe', 'reflect')),
  position    INTEGER NOT NULL,
  text        TEXT NOT NULL CHECK (length(trim(text)) > 0)
) STRICT;
CREATE INDEX phase_prompts_project ON phase_prompts (project_id, phase, position);

CREATE TABLE phase_entries (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  cycle_id    TEXT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
  phase       TEXT NOT NULL CHECK (phase IN ('plan', 'act', 'observe', 'reflect')),
  body        TEXT NOT NULL DEFAULT '',
  author      TEXT NOT NULL DEFAULT '',
  occurred_at TEXT NOT NULL,
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX phase_entries_cycle ON phase_entries (cycle_id, phase, occurred_at);
CREATE INDEX phase_entries_time ON phase_entries (project_id, occurred_at);

CREATE TABLE stakeholders (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  real_name       TEXT NOT NULL DEFAULT '',
  pseudonym       TEXT NOT NULL CHECK (length(trim(pseudonym)) > 0),
  aliases         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
  sector          TEXT NOT NULL CHECK (sector IN ('public', 'private', 'voluntary', 'citizen', 'researcher', 'other')),
  organisation    TEXT NOT NULL DEFAULT '',
  role            TEXT NOT NULL DEFAULT '',
  consent_status  TEXT NOT NULL DEFAULT 'unknown'
                  CHECK (consent_status IN ('unknown', 'pending', 'given', 'declined', 'withdrawn')),
  consent_date    TEXT,
  consent_scope   TEXT NOT NULL DEFAULT '',
  notes           TEXT NOT NULL DEFAULT '',
  revision        INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  deleted_at      TEXT
) STRICT;
CREATE INDEX stakeholders_project ON stakeholders (project_id, sector);

CREATE TABLE field_notes (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  cycle_id    TEXT REFERENCES cycles (id) ON DELETE SET NULL,
  phase       TEXT CHECK (phase IN ('plan', 'act', 'observe', 'reflect')),
  title       TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL DEFAULT '',
  place       TEXT NOT NULL DEFAULT '',
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX field_notes_time ON field_notes (project_id, occurred_at);
CREATE INDEX field_notes_cycle ON field_notes (cycle_id, phase);

CREATE TABLE field_note_stakeholders (
  note_id        TEXT NOT NULL REFERENCES field_notes (id) ON DELETE CASCADE,
  stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
  PRIMARY KEY (note_id, stakeholder_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX field_note_stakeholders_by_stakeholder ON field_note_stakeholders (stakeholder_id);

CREATE TABLE dialogues (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  cycle_id    TEXT REFERENCES cycles (id) ON DELETE SET NULL,
  phase       TEXT CHECK (phase IN ('plan', 'act', 'observe', 'reflect')),
  kind        TEXT NOT NULL CHECK (kind IN ('workshop', 'meeting', 'interview', 'co_creation', 'informal')),
  title       TEXT NOT NULL DEFAULT '',
  occurred_at TEXT NOT NULL,
  place       TEXT NOT NULL DEFAULT '',
  summary     TEXT NOT NULL DEFAULT '',
  decisions   TEXT NOT NULL DEFAULT '',
  follow_ups  TEXT NOT NULL DEFAULT '',
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX dialogues_time ON dialogues (project_id, occurred_at);
CREATE INDEX dialogues_cycle ON dialogues (cycle_id, phase);

CREATE TABLE dialogue_participants (
  dialogue_id    TEXT NOT NULL REFERENCES dialogues (id) ON DELETE CASCADE,
  stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
  PRIMARY KEY (dialogue_id, stakeholder_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX dialogue_participants_by_stakeholder ON dialogue_participants (stakeholder_id);

CREATE TABLE dialogue_turns (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  dialogue_id TEXT NOT NULL REFERENCES dialogues (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  speaker_id  TEXT REFERENCES stakeholders (id) ON DELETE SET NULL,
  text        TEXT NOT NULL DEFAULT '',
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX dialogue_turns_dialogue ON dialogue_turns (dialogue_id, position);
CREATE INDEX dialogue_turns_speaker ON dialogue_turns (speaker_id);

CREATE TABLE reflections (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  cycle_id    TEXT REFERENCES cycles (id) ON DELETE SET NULL,
  phase       TEXT CHECK (phase IN ('plan', 'act', 'observe', 'reflect')),
  mode        TEXT NOT NULL DEFAULT 'withness' CHECK (mode IN ('withness', 'aboutness')),
  title       TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL DEFAULT '',
  written_at  TEXT NOT NULL,
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX reflections_time ON reflections (project_id, written_at);
CREATE INDEX reflections_cycle ON reflections (cycle_id, phase);

-- A reflection points at the event that prompted it; an excerpt keeps its offsets (code points)
-- and the quoted text, so the link survives later edits of the event.
CREATE TABLE prompt_links (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  reflection_id  TEXT NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
  target_type    TEXT NOT NULL CHECK (target_type IN ('field_note', 'dialogue', 'turn', 'phase_entry', 'reflection')),
  target_id      TEXT NOT NULL,
  excerpt_start  INTEGER,
  excerpt_end    INTEGER,
  excerpt_text   TEXT,
  comment        TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  deleted_at     TEXT,
  CHECK ((excerpt_start IS NULL) = (excerpt_end IS NULL)),
  CHECK ((excerpt_start IS NULL) = (excerpt_text IS NULL)),
  CHECK (excerpt_start IS NULL OR (excerpt_start >= 0 AND excerpt_end > excerpt_start)),
  CHECK (NOT (target_type = 'reflection' AND target_id = reflection_id))
) STRICT;
CREATE INDEX prompt_links_target ON prompt_links (target_type, target_id);
CREATE INDEX prompt_links_reflection ON prompt_links (reflection_id);

CREATE TABLE codes (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  parent_id   TEXT REFERENCES codes (id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  color       TEXT NOT NULL DEFAULT '#6b7280' CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
  description TEXT NOT NULL DEFAULT '',
  revision    INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX codes_project ON codes (project_id, parent_id);

CREATE TABLE code_applications (
  id            TEXT PRIMARY KEY,
  project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  code_id       TEXT NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
  target_type   TEXT NOT NULL CHECK (target_type IN ('field_note', 'dialogue', 'turn', 'phase_entry', 'reflection')),
  target_id     TEXT NOT NULL,
  excerpt_start INTEGER,
  excerpt_end   INTEGER,
  excerpt_text  TEXT,
  created_at    TEXT NOT NULL,
  deleted_at    TEXT,
  CHECK ((excerpt_start IS NULL) = (excerpt_end IS NULL)),
  CHECK ((excerpt_start IS NULL) = (excerpt_text IS NULL)),
  CHECK (excerpt_start IS NULL OR (excerpt_start >= 0 AND excerpt_end > excerpt_start))
) STRICT;
CREATE INDEX code_applications_target ON code_applications (target_type, target_id);
CREATE INDEX code_applications_code ON code_applications (code_id);

-- Files kept inside the database, so backups and bundles carry them.
CREATE TABLE attachments (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  owner_type  TEXT NOT NULL CHECK (owner_type IN ('field_note', 'dialogue', 'reflection', 'phase_entry')),
  owner_id    TEXT NOT NULL,
  file_name   TEXT NOT NULL CHECK (length(file_name) > 0),
  media_type  TEXT NOT NULL,
  byte_size   INTEGER NOT NULL CHECK (byte_size >= 0),
  sha256      TEXT NOT NULL,
  content     BLOB NOT NULL,
  created_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id);

-- Audit trail: the state of a row before each change, as JSON.
CREATE TABLE revisions (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('update', 'delete', 'restore')),
  snapshot    TEXT NOT NULL CHECK (json_valid(snapshot)),
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX revisions_entity ON revisions (entity_type, entity_id, revision);
CREATE INDEX revisions_project ON revisions (project_id, created_at);

-- What is in the trash, with a label to show and a group so one delete restores as one.
CREATE TABLE trash_items (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  group_id    TEXT NOT NULL,
  deleted_at  TEXT NOT NULL,
  UNIQUE (entity_type, entity_id)
) STRICT;
CREATE INDEX trash_items_project ON trash_items (project_id, deleted_at);

-- One row per live event: the timeline's axis and the search index's documents.
CREATE TABLE events (
  doc_id      INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  project_id  TEXT NOT NULL,
  cycle_id    TEXT,
  phase       TEXT,
  occurred_at TEXT NOT NULL,
  UNIQUE (entity_type, entity_id)
) STRICT;
CREATE INDEX events_time ON events (project_id, occurred_at);
CREATE INDEX events_cycle ON events (cycle_id, occurred_at);

-- Danish letters stay distinct (remove_diacritics 0: 'år' is not 'ar'); prefixes are indexed.
CREATE VIRTUAL TABLE events_fts USING fts5 (
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);

-- Triggers keep events and events_fts in step with every write, whatever code path made it.

CREATE TRIGGER field_notes_index_insert AFTER INSERT ON field_notes WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('field_note', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at);
  INSERT INTO events_fts (rowid, title, body)
    VALUES (last_insert_rowid(), new.title || ' ' || new.place, new.body);
END;
CREATE TRIGGER field_notes_index_update AFTER UPDATE ON field_notes BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'field_note' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'field_note' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'field_note', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.title || ' ' || new.place, new.body WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER field_notes_index_delete AFTER DELETE ON field_notes BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'field_note' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'field_note' AND entity_id = old.id;
END;

CREATE TRIGGER reflections_index_insert AFTER INSERT ON reflections WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('reflection', new.id, new.project_id, new.cycle_id, new.phase, new.written_at);
  INSERT INTO events_fts (rowid, title, body) VALUES (last_insert_rowid(), new.title, new.body);
END;
CREATE TRIGGER reflections_index_update AFTER UPDATE ON reflections BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'reflection' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'reflection' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'reflection', new.id, new.project_id, new.cycle_id, new.phase, new.written_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.title, new.body WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER reflections_index_delete AFTER DELETE ON reflections BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'reflection' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'reflection' AND entity_id = old.id;
END;

CREATE TRIGGER phase_entries_index_insert AFTER INSERT ON phase_entries WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('phase_entry', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at);
  INSERT INTO events_fts (rowid, title, body) VALUES (last_insert_rowid(), new.author, new.body);
END;
CREATE TRIGGER phase_entries_index_update AFTER UPDATE ON phase_entries BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'phase_entry', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.author, new.body WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER phase_entries_index_delete AFTER DELETE ON phase_entries BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id;
END;

CREATE TRIGGER dialogues_index_insert AFTER INSERT ON dialogues WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('dialogue', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at);
  INSERT INTO events_fts (rowid, title, body)
    VALUES (last_insert_rowid(), new.title || ' ' || new.place,
            new.summary || char(10) || new.decisions || char(10) || new.follow_ups);
END;
CREATE TRIGGER dialogues_index_update AFTER UPDATE ON dialogues BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'dialogue', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.title || ' ' || new.place,
           new.summary || char(10) || new.decisions || char(10) || new.follow_ups
    WHERE new.deleted_at IS NULL;
  -- Turns stand at their dialogue's time and cycle.
  UPDATE events SET cycle_id = new.cycle_id, phase = new.phase, occurred_at = new.occurred_at
    WHERE entity_type = 'turn' AND entity_id IN (SELECT id FROM dialogue_turns WHERE dialogue_id = new.id);
END;
CREATE TRIGGER dialogues_index_delete AFTER DELETE ON dialogues BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id;
END;

CREATE TRIGGER dialogue_turns_index_insert AFTER INSERT ON dialogue_turns WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'turn', new.id, new.project_id, d.cycle_id, d.phase, d.occurred_at FROM dialogues d WHERE d.id = new.dialogue_id;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), '', new.text WHERE changes() > 0;
END;
CREATE TRIGGER dialogue_turns_index_update AFTER UPDATE ON dialogue_turns BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'turn' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'turn' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'turn', new.id, new.project_id, d.cycle_id, d.phase, d.occurred_at
    FROM dialogues d WHERE d.id = new.dialogue_id AND new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), '', new.text WHERE new.deleted_at IS NULL AND changes() > 0;
END;
CREATE TRIGGER dialogue_turns_index_delete AFTER DELETE ON dialogue_turns BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'turn' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'turn' AND entity_id = old.id;
END;
