-- Each event's sector set on its own row (issue 14): a filtered month of the timeline probed every event of the
-- window for who it involves (its events row, its links, each stakeholder), about 20 µs an event. With the set on
-- the row and an index that holds kind, phase, sector set, cycle and id beside the time, a window is filtered on
-- the index alone.
--
-- `sectors` is the set migration 008 counts by (one bit per sector of the live stakeholders the event involves:
-- public 1, private 2, voluntary 4, citizen 8, researcher 16, other 32; 0 = none). The triggers below set it again
-- from the links as they stand whenever something that decides it changes. They are named timeline_counts_* so
-- the set-wise index fill (db/timeline-counts.ts pauseTimelineCounts) drops them with the count triggers and its
-- recount fills the column set-wise.
ALTER TABLE events ADD COLUMN sectors INTEGER NOT NULL DEFAULT 0;

-- An event made again (every edit of its row re-makes it, restore from the trash makes it anew) reads its people.
CREATE TRIGGER timeline_counts_sectors_note AFTER INSERT ON events
WHEN new.entity_type = 'field_note' AND EXISTS (SELECT 1 FROM field_note_stakeholders x WHERE x.note_id = new.entity_id) BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = new.entity_id AND s.deleted_at IS NULL)
    WHERE doc_id = new.doc_id;
END;

CREATE TRIGGER timeline_counts_sectors_dialogue AFTER INSERT ON events
WHEN new.entity_type = 'dialogue' AND EXISTS (SELECT 1 FROM dialogue_participants x WHERE x.dialogue_id = new.entity_id) BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = new.entity_id AND s.deleted_at IS NULL)
    WHERE doc_id = new.doc_id;
END;

CREATE TRIGGER timeline_counts_sectors_turn AFTER INSERT ON events
WHEN new.entity_type = 'turn' BEGIN
  UPDATE events SET sectors = coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
      FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = new.entity_id AND s.deleted_at IS NULL), 0)
    WHERE doc_id = new.doc_id AND sectors IS NOT coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
      FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = new.entity_id AND s.deleted_at IS NULL), 0);
END;

-- Who is involved changes (the same writes that move an event between sector sets in 008).
CREATE TRIGGER timeline_counts_sectors_note_link_insert AFTER INSERT ON field_note_stakeholders BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = new.note_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'field_note' AND entity_id = new.note_id;
END;

CREATE TRIGGER timeline_counts_sectors_note_link_delete AFTER DELETE ON field_note_stakeholders BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = old.note_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'field_note' AND entity_id = old.note_id;
END;

CREATE TRIGGER timeline_counts_sectors_participant_insert AFTER INSERT ON dialogue_participants BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = new.dialogue_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'dialogue' AND entity_id = new.dialogue_id;
END;

CREATE TRIGGER timeline_counts_sectors_participant_delete AFTER DELETE ON dialogue_participants BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = old.dialogue_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'dialogue' AND entity_id = old.dialogue_id;
END;

CREATE TRIGGER timeline_counts_sectors_speaker AFTER UPDATE OF speaker_id ON dialogue_turns BEGIN
  UPDATE events SET sectors = coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
      FROM stakeholders s WHERE s.id = new.speaker_id AND s.deleted_at IS NULL), 0)
    WHERE entity_type = 'turn' AND entity_id = new.id;
END;

-- A stakeholder changes sector, goes to the trash, comes back or is deleted: every event it is part of reads its
-- people again (after a delete its links are gone or going by cascade, and it no longer counts either way).
CREATE TRIGGER timeline_counts_sectors_stakeholder_update AFTER UPDATE OF sector, deleted_at ON stakeholders
WHEN old.sector IS NOT new.sector OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = events.entity_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'field_note' AND entity_id IN (SELECT note_id FROM field_note_stakeholders WHERE stakeholder_id = new.id);
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = events.entity_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'dialogue' AND entity_id IN (SELECT dialogue_id FROM dialogue_participants WHERE stakeholder_id = new.id);
  UPDATE events SET sectors = CASE WHEN new.deleted_at IS NULL THEN CASE new.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END ELSE 0 END
    WHERE entity_type = 'turn' AND entity_id IN (SELECT id FROM dialogue_turns WHERE speaker_id = new.id);
END;

CREATE TRIGGER timeline_counts_sectors_stakeholder_delete AFTER DELETE ON stakeholders BEGIN
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = events.entity_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'field_note' AND entity_id IN (SELECT note_id FROM field_note_stakeholders WHERE stakeholder_id = old.id);
  UPDATE events SET sectors = (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = events.entity_id AND s.deleted_at IS NULL)
    WHERE entity_type = 'dialogue' AND entity_id IN (SELECT dialogue_id FROM dialogue_participants WHERE stakeholder_id = old.id);
  UPDATE events SET sectors = 0 WHERE entity_type = 'turn' AND entity_id IN (SELECT id FROM dialogue_turns WHERE speaker_id = old.id);
END;

-- Every event's set as it stands (the same sums as 008's backfill).
UPDATE events AS e SET sectors = CASE e.entity_type
    WHEN 'field_note' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM field_note_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.note_id = e.entity_id AND s.deleted_at IS NULL)
    WHEN 'dialogue' THEN (SELECT coalesce(sum(DISTINCT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END), 0)
      FROM dialogue_participants x JOIN stakeholders s ON s.id = x.stakeholder_id WHERE x.dialogue_id = e.entity_id AND s.deleted_at IS NULL)
    WHEN 'turn' THEN coalesce((SELECT CASE s.sector WHEN 'public' THEN 1 WHEN 'private' THEN 2 WHEN 'voluntary' THEN 4 WHEN 'citizen' THEN 8 WHEN 'researcher' THEN 16 ELSE 32 END
      FROM dialogue_turns x JOIN stakeholders s ON s.id = x.speaker_id WHERE x.id = e.entity_id AND s.deleted_at IS NULL), 0)
    ELSE 0 END
  WHERE e.entity_type IN ('field_note', 'dialogue', 'turn');

-- A window's events filtered by kind, phase, sector set and cycle and listed with their ids without reading a row.
CREATE INDEX events_time_facets ON events (project_id, occurred_at, entity_type, phase, sectors, cycle_id, entity_id);
