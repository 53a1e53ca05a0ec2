-- Search that understands Danish and English (issue 13): a second full-text index beside events_fts holding, for
-- every indexed event, the distinct words of its title and body as they stand plus their Danish and English
-- Snowball stems (db/stems.ts). A search word matches itself or any word sharing a stem (dør → døren, dørene;
-- meeting → meetings); exact matches still rank first, and phrases still match only in events_fts.
--
-- `withness_stems(text)` is a deterministic SQL function that db/sqlite.ts registers on every connection.
-- detail=column: no positions are kept (this table never answers a phrase), and bm25 still ranks by column.
-- The words are kept as stored content, so a delete removes exactly what was indexed.
CREATE VIRTUAL TABLE events_fts_stems USING fts5 (
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 0',
  detail = column
);

-- Every event indexed so far, from the exact index's own copy of its text (what the triggers gave it).
INSERT INTO events_fts_stems (rowid, title, body)
  SELECT rowid, withness_stems(title), withness_stems(body) FROM events_fts ORDER BY rowid;

-- The index triggers of 001, each now also keeping events_fts_stems in step, in the same statement.
DROP TRIGGER field_notes_index_insert;
DROP TRIGGER field_notes_index_update;
DROP TRIGGER field_notes_index_delete;
DROP TRIGGER reflections_index_insert;
DROP TRIGGER reflections_index_update;
DROP TRIGGER reflections_index_delete;
DROP TRIGGER phase_entries_index_insert;
DROP TRIGGER phase_entries_index_update;
DROP TRIGGER phase_entries_index_delete;
DROP TRIGGER dialogues_index_insert;
DROP TRIGGER dialogues_index_update;
DROP TRIGGER dialogues_index_delete;
DROP TRIGGER dialogue_turns_index_insert;
DROP TRIGGER dialogue_turns_index_update;
DROP TRIGGER dialogue_turns_index_delete;

CREATE TRIGGER field_notes_index_insert AFTER INSERT ON field_notes WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('field_note', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at);
  INSERT INTO events_fts (rowid, title, body)
    VALUES (last_insert_rowid(), new.title || ' ' || new.place, new.body);
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.title || ' ' || new.place), withness_stems(new.body)
    FROM events WHERE entity_type = 'field_note' AND entity_id = new.id;
END;
CREATE TRIGGER field_notes_index_update AFTER UPDATE ON field_notes BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'field_note' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'field_note' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'field_note' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'field_note', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.title || ' ' || new.place, new.body WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.title || ' ' || new.place), withness_stems(new.body)
    FROM events WHERE entity_type = 'field_note' AND entity_id = new.id;
END;
CREATE TRIGGER field_notes_index_delete AFTER DELETE ON field_notes BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'field_note' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'field_note' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'field_note' AND entity_id = old.id;
END;

CREATE TRIGGER reflections_index_insert AFTER INSERT ON reflections WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('reflection', new.id, new.project_id, new.cycle_id, new.phase, new.written_at);
  INSERT INTO events_fts (rowid, title, body) VALUES (last_insert_rowid(), new.title, new.body);
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.title), withness_stems(new.body)
    FROM events WHERE entity_type = 'reflection' AND entity_id = new.id;
END;
CREATE TRIGGER reflections_index_update AFTER UPDATE ON reflections BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'reflection' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'reflection' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'reflection' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'reflection', new.id, new.project_id, new.cycle_id, new.phase, new.written_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.title, new.body WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.title), withness_stems(new.body)
    FROM events WHERE entity_type = 'reflection' AND entity_id = new.id;
END;
CREATE TRIGGER reflections_index_delete AFTER DELETE ON reflections BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'reflection' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'reflection' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'reflection' AND entity_id = old.id;
END;

CREATE TRIGGER phase_entries_index_insert AFTER INSERT ON phase_entries WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('phase_entry', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at);
  INSERT INTO events_fts (rowid, title, body) VALUES (last_insert_rowid(), new.author, new.body);
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.author), withness_stems(new.body)
    FROM events WHERE entity_type = 'phase_entry' AND entity_id = new.id;
END;
CREATE TRIGGER phase_entries_index_update AFTER UPDATE ON phase_entries BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'phase_entry', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.author, new.body WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.author), withness_stems(new.body)
    FROM events WHERE entity_type = 'phase_entry' AND entity_id = new.id;
END;
CREATE TRIGGER phase_entries_index_delete AFTER DELETE ON phase_entries BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'phase_entry' AND entity_id = old.id;
END;

CREATE TRIGGER dialogues_index_insert AFTER INSERT ON dialogues WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    VALUES ('dialogue', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at);
  INSERT INTO events_fts (rowid, title, body)
    VALUES (last_insert_rowid(), new.title || ' ' || new.place,
            new.summary || char(10) || new.decisions || char(10) || new.follow_ups);
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.title || ' ' || new.place),
           withness_stems(new.summary || char(10) || new.decisions || char(10) || new.follow_ups)
    FROM events WHERE entity_type = 'dialogue' AND entity_id = new.id;
END;
CREATE TRIGGER dialogues_index_update AFTER UPDATE ON dialogues BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'dialogue', new.id, new.project_id, new.cycle_id, new.phase, new.occurred_at WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), new.title || ' ' || new.place,
           new.summary || char(10) || new.decisions || char(10) || new.follow_ups
    WHERE new.deleted_at IS NULL;
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, withness_stems(new.title || ' ' || new.place),
           withness_stems(new.summary || char(10) || new.decisions || char(10) || new.follow_ups)
    FROM events WHERE entity_type = 'dialogue' AND entity_id = new.id;
  -- Turns stand at their dialogue's time and cycle.
  UPDATE events SET cycle_id = new.cycle_id, phase = new.phase, occurred_at = new.occurred_at
    WHERE entity_type = 'turn' AND entity_id IN (SELECT id FROM dialogue_turns WHERE dialogue_id = new.id);
END;
CREATE TRIGGER dialogues_index_delete AFTER DELETE ON dialogues BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'dialogue' AND entity_id = old.id;
END;

CREATE TRIGGER dialogue_turns_index_insert AFTER INSERT ON dialogue_turns WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'turn', new.id, new.project_id, d.cycle_id, d.phase, d.occurred_at FROM dialogues d WHERE d.id = new.dialogue_id;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), '', new.text WHERE changes() > 0;
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, '', withness_stems(new.text) FROM events WHERE entity_type = 'turn' AND entity_id = new.id;
END;
CREATE TRIGGER dialogue_turns_index_update AFTER UPDATE ON dialogue_turns BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'turn' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'turn' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'turn' AND entity_id = old.id;
  INSERT INTO events (entity_type, entity_id, project_id, cycle_id, phase, occurred_at)
    SELECT 'turn', new.id, new.project_id, d.cycle_id, d.phase, d.occurred_at
    FROM dialogues d WHERE d.id = new.dialogue_id AND new.deleted_at IS NULL;
  INSERT INTO events_fts (rowid, title, body)
    SELECT last_insert_rowid(), '', new.text WHERE new.deleted_at IS NULL AND changes() > 0;
  INSERT INTO events_fts_stems (rowid, title, body)
    SELECT doc_id, '', withness_stems(new.text) FROM events WHERE entity_type = 'turn' AND entity_id = new.id;
END;
CREATE TRIGGER dialogue_turns_index_delete AFTER DELETE ON dialogue_turns BEGIN
  DELETE FROM events_fts_stems WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'turn' AND entity_id = old.id);
  DELETE FROM events_fts WHERE rowid = (SELECT doc_id FROM events WHERE entity_type = 'turn' AND entity_id = old.id);
  DELETE FROM events WHERE entity_type = 'turn' AND entity_id = old.id;
END;
