-- Per-day counts of the timeline's events (issue 14): SQLite keeps no counts in its indexes, so counting a
-- window of the large inquiry read up to 231,200 index entries. These tables hold, for every UTC day, how many
-- events of the `events` table fall on it, so a window is counted from a few hundred rows.
--
-- `day` is days since 1970-01-01 of occurred_at (UTC). `sectors` is the set of sectors of the live stakeholders an
-- event involves (speaker of a turn, participants of a dialogue, stakeholders of a note), one bit per sector:
-- public 1, private 2, voluntary 4, citizen 8, researcher 16, other 32; 0 = none. A set, not one row per sector,
-- so that "citizen or voluntary" counts an event with both once. No cycle or phase is '' (key columns can't be
-- NULL in a WITHOUT ROWID table). A row whose count reaches 0 is removed.
CREATE TABLE timeline_counts (
  project_id  TEXT NOT NULL,
  day         INTEGER NOT NULL,
  entity_type TEXT NOT NULL,
  cycle_id    TEXT NOT NULL,
  phase       TEXT NOT NULL,
  sectors     INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, entity_type, cycle_id, phase, sectors)
) STRICT, WITHOUT ROWID;

-- The same counts by day and kind only: the unfiltered chart of the whole inquiry reads ~7,000 rows here instead
-- of ~46,000 above.
CREATE TABLE timeline_day_counts (
  project_id  TEXT NOT NULL,
  day         INTEGER NOT NULL,
  entity_type TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, entity_type)
) STRICT, WITHOUT ROWID;

-- Every change goes through this view: inserting (event, ±1) adds to both tables and drops a row that reaches 0,
-- so the upsert is written once rather than in every trigger.
CREATE VIEW timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n) AS
  SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER timeline_counts_apply INSTEAD OF INSERT ON timeline_count_changes BEGIN
  INSERT INTO timeline_counts (project_id, day, entity_type, cycle_id, phase, sectors, n)
    VALUES (new.project_id, unixepoch(substr(new.occurred_at, 1, 10)) / 86400, new.entity_type,
            coalesce(new.cycle_id, ''), coalesce(new.phase, ''), new.sectors, new.n)
    ON CONFLICT (project_id, day, entity_type, cycle_id, phase, sectors) DO UPDATE SET n = n + excluded.n;
  DELETE FROM timeline_counts
    WHERE new.n < 0 AND project_id = new.project_id AND day = unixepoch(substr(new.occurred_at, 1, 10)) / 86400
      AND entity_type = new.entity_type AND cycle_id = coalesce(new.cycle_id, '') AND phase = coalesce(new.phase, '')
      AND sectors = new.sectors AND n <= 0;
  INSERT INTO timeline_day_counts (project_id, day, entity_type, n)
    VALUES (new.project_id, unixepoch(substr(new.occurred_at, 1, 10)) / 86400, new.entity_type, new.n)
    ON CONFLICT (project_id, day, entity_type) DO UPDATE SET n = n + excluded.n;
  DELETE FROM timeline_day_counts
    WHERE new.n < 0 AND project_id = new.project_id AND day = unixepoch(substr(new.occurred_at, 1, 10)) / 86400
      AND entity_type = new.entity_type AND n <= 0;
END;

-- An event row in, out or moved (turns move with their dialogue). Its sectors are read as they stand: whatever
-- changes who is involved moves the event between sector sets itself (the triggers further down).
CREATE TRIGGER timeline_counts_event_insert AFTER INSERT ON events BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    VALUES (new.project_id, new.occurred_at, new.entity_type, new.cycle_id, new.phase,
      CASE new.entity_type
        WHEN 'field_note' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
          FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = new.entity_id AND s.deleted_at IS NULL)
        WHEN 'dialogue' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
          FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = new.entity_id AND s.deleted_at IS NULL)
        WHEN 'turn' THEN coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
          FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = new.entity_id AND s.deleted_at IS NULL), 0)
        ELSE 0 END,
      1);
END;

CREATE TRIGGER timeline_counts_event_delete AFTER DELETE ON events BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    VALUES (old.project_id, old.occurred_at, old.entity_type, old.cycle_id, old.phase,
      CASE old.entity_type
        WHEN 'field_note' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
          FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = old.entity_id AND s.deleted_at IS NULL)
        WHEN 'dialogue' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
          FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = old.entity_id AND s.deleted_at IS NULL)
        WHEN 'turn' THEN coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
          FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = old.entity_id AND s.deleted_at IS NULL), 0)
        ELSE 0 END,
      -1);
END;

-- The new place is added before the old one is taken away, so an unchanged key is never removed and re-made.
CREATE TRIGGER timeline_counts_event_update AFTER UPDATE OF project_id, entity_type, entity_id, cycle_id, phase, occurred_at ON events BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT v.project_id, v.occurred_at, v.entity_type, v.cycle_id, v.phase,
      CASE v.entity_type
        WHEN 'field_note' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
          FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = v.entity_id AND s.deleted_at IS NULL)
        WHEN 'dialogue' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
          FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = v.entity_id AND s.deleted_at IS NULL)
        WHEN 'turn' THEN coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
          FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = v.entity_id AND s.deleted_at IS NULL), 0)
        ELSE 0 END,
      v.n
    FROM (SELECT new.project_id AS project_id, new.occurred_at AS occurred_at, new.entity_type AS entity_type, new.entity_id AS entity_id,
                 new.cycle_id AS cycle_id, new.phase AS phase, 1 AS n
          UNION ALL
          SELECT old.project_id, old.occurred_at, old.entity_type, old.entity_id, old.cycle_id, old.phase, -1) v;
END;

-- Who is involved changes: the event moves from the sector set it had to the one it has. `others` is the set
-- without this stakeholder; the stakeholder adds its sector only while it is out of the trash.
CREATE TRIGGER timeline_counts_note_stakeholder_insert AFTER INSERT ON field_note_stakeholders BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase, CASE d.n WHEN -1 THEN m.others ELSE m.others | m.bit END, d.n
    FROM events e,
      (SELECT (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                 FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id
                 WHERE x.note_id = new.note_id AND x.stakeholder_id <> new.stakeholder_id AND s.deleted_at IS NULL) AS others,
              coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = new.stakeholder_id AND s.deleted_at IS NULL), 0) AS bit) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE e.entity_type = 'field_note' AND e.entity_id = new.note_id AND (m.others | m.bit) <> m.others;
END;

CREATE TRIGGER timeline_counts_note_stakeholder_delete AFTER DELETE ON field_note_stakeholders BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase, CASE d.n WHEN -1 THEN m.others | m.bit ELSE m.others END, d.n
    FROM events e,
      (SELECT (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                 FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id
                 WHERE x.note_id = old.note_id AND x.stakeholder_id <> old.stakeholder_id AND s.deleted_at IS NULL) AS others,
              coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = old.stakeholder_id AND s.deleted_at IS NULL), 0) AS bit) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE e.entity_type = 'field_note' AND e.entity_id = old.note_id AND (m.others | m.bit) <> m.others;
END;

CREATE TRIGGER timeline_counts_participant_insert AFTER INSERT ON dialogue_participants BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase, CASE d.n WHEN -1 THEN m.others ELSE m.others | m.bit END, d.n
    FROM events e,
      (SELECT (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                 FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id
                 WHERE x.dialogue_id = new.dialogue_id AND x.stakeholder_id <> new.stakeholder_id AND s.deleted_at IS NULL) AS others,
              coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = new.stakeholder_id AND s.deleted_at IS NULL), 0) AS bit) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE e.entity_type = 'dialogue' AND e.entity_id = new.dialogue_id AND (m.others | m.bit) <> m.others;
END;

CREATE TRIGGER timeline_counts_participant_delete AFTER DELETE ON dialogue_participants BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase, CASE d.n WHEN -1 THEN m.others | m.bit ELSE m.others END, d.n
    FROM events e,
      (SELECT (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                 FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id
                 WHERE x.dialogue_id = old.dialogue_id AND x.stakeholder_id <> old.stakeholder_id AND s.deleted_at IS NULL) AS others,
              coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = old.stakeholder_id AND s.deleted_at IS NULL), 0) AS bit) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE e.entity_type = 'dialogue' AND e.entity_id = old.dialogue_id AND (m.others | m.bit) <> m.others;
END;

-- A turn's new speaker: the index trigger re-makes the turn's event with the new speaker's sector on both sides
-- (it reads the turn as it now is), so the move from the old speaker's sector is made here. The turn stands at its
-- dialogue's time, cycle and phase (kept so by dialogues_index_update).
CREATE TRIGGER timeline_counts_turn_speaker AFTER UPDATE OF speaker_id ON dialogue_turns
WHEN old.deleted_at IS NULL AND old.speaker_id IS NOT new.speaker_id BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT old.project_id, d.occurred_at, 'turn', d.cycle_id, d.phase, CASE v.n WHEN -1 THEN m.was ELSE m.now END, v.n
    FROM dialogues d,
      (SELECT coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = old.speaker_id AND s.deleted_at IS NULL), 0) AS was,
              coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = new.speaker_id AND s.deleted_at IS NULL), 0) AS now) m,
      (SELECT 1 AS n UNION ALL SELECT -1) v
    WHERE d.id = old.dialogue_id AND m.was <> m.now;
END;

-- A turn deleted outright: the index trigger removes its event after the turn row is gone, when its speaker can no
-- longer be read, so the event is first moved to the set it will be taken away from.
CREATE TRIGGER timeline_counts_turn_delete BEFORE DELETE ON dialogue_turns WHEN old.speaker_id IS NOT NULL BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase, CASE d.n WHEN -1 THEN m.bit ELSE 0 END, d.n
    FROM events e,
      (SELECT coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
                 FROM stakeholders s WHERE s.id = old.speaker_id AND s.deleted_at IS NULL), 0) AS bit) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE e.entity_type = 'turn' AND e.entity_id = old.id AND m.bit <> 0;
END;

-- A stakeholder changes sector, goes to the trash or comes back (and, BEFORE DELETE, is erased: its links go by
-- cascade afterwards, when it no longer counts): each of its events moves between sector sets.
CREATE TRIGGER timeline_counts_stakeholder_update AFTER UPDATE OF sector, deleted_at ON stakeholders
WHEN old.sector IS NOT new.sector OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase,
           CASE d.n WHEN -1 THEN i.others | m.was ELSE i.others | m.now END, d.n
    FROM (SELECT 'field_note' AS type, x.note_id AS id,
                 (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                  FROM field_note_stakeholders y JOIN stakeholders s ON s.id = y.stakeholder_id
                  WHERE y.note_id = x.note_id AND y.stakeholder_id <> new.id AND s.deleted_at IS NULL) AS others
          FROM field_note_stakeholders x WHERE x.stakeholder_id = new.id
          UNION ALL
          SELECT 'dialogue', x.dialogue_id,
                 (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                  FROM dialogue_participants y JOIN stakeholders s ON s.id = y.stakeholder_id
                  WHERE y.dialogue_id = x.dialogue_id AND y.stakeholder_id <> new.id AND s.deleted_at IS NULL)
          FROM dialogue_participants x WHERE x.stakeholder_id = new.id
          UNION ALL
          SELECT 'turn', t.id, 0 FROM dialogue_turns t WHERE t.speaker_id = new.id) i
      JOIN events e ON e.entity_type = i.type AND e.entity_id = i.id,
      (SELECT CASE WHEN old.deleted_at IS NULL THEN CASE old.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END ELSE 0 END AS was,
              CASE WHEN new.deleted_at IS NULL THEN CASE new.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END ELSE 0 END AS now) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE (i.others | m.was) <> (i.others | m.now);
END;

CREATE TRIGGER timeline_counts_stakeholder_delete BEFORE DELETE ON stakeholders WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO timeline_count_changes (project_id, occurred_at, entity_type, cycle_id, phase, sectors, n)
    SELECT e.project_id, e.occurred_at, e.entity_type, e.cycle_id, e.phase,
           CASE d.n WHEN -1 THEN i.others | m.was ELSE i.others END, d.n
    FROM (SELECT 'field_note' AS type, x.note_id AS id,
                 (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                  FROM field_note_stakeholders y JOIN stakeholders s ON s.id = y.stakeholder_id
                  WHERE y.note_id = x.note_id AND y.stakeholder_id <> old.id AND s.deleted_at IS NULL) AS others
          FROM field_note_stakeholders x WHERE x.stakeholder_id = old.id
          UNION ALL
          SELECT 'dialogue', x.dialogue_id,
                 (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
                  FROM dialogue_participants y JOIN stakeholders s ON s.id = y.stakeholder_id
                  WHERE y.dialogue_id = x.dialogue_id AND y.stakeholder_id <> old.id AND s.deleted_at IS NULL)
          FROM dialogue_participants x WHERE x.stakeholder_id = old.id
          UNION ALL
          SELECT 'turn', t.id, 0 FROM dialogue_turns t WHERE t.speaker_id = old.id) i
      JOIN events e ON e.entity_type = i.type AND e.entity_id = i.id,
      (SELECT CASE old.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END AS was) m,
      (SELECT 1 AS n UNION ALL SELECT -1) d
    WHERE (i.others | m.was) <> i.others;
END;

-- Every event counted as it stands (the same sums the triggers keep).
INSERT INTO timeline_counts (project_id, day, entity_type, cycle_id, phase, sectors, n)
  SELECT e.project_id, unixepoch(substr(e.occurred_at, 1, 10)) / 86400, e.entity_type, coalesce(e.cycle_id, ''), coalesce(e.phase, ''),
    CASE e.entity_type
      WHEN 'field_note' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
        FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = e.entity_id AND s.deleted_at IS NULL)
      WHEN 'dialogue' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
        FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = e.entity_id AND s.deleted_at IS NULL)
      WHEN 'turn' THEN coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
        FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = e.entity_id AND s.deleted_at IS NULL), 0)
      ELSE 0 END,
    count(*)
  FROM events e GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO timeline_day_counts (project_id, day, entity_type, n)
  SELECT project_id, day, entity_type, sum(n) FROM timeline_counts GROUP BY 1, 2, 3;
