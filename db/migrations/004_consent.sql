-- Consent that exports respect (issue 11): what each person agreed to, and an audit trail of every change.
--
-- consent_use is what the person agreed to: to be quoted, to be described but not quoted, or no use at all. Together
-- with consent_status it decides what an export may contain: only status 'given' with use 'quote' may be quoted;
-- given + 'describe' is described, not quoted; anything else is left out (privacy by default). The column defaults to
-- 'quote' so that an existing 'given' keeps meaning what it meant before; 'unknown' (the status default) still
-- keeps a person out of every export until consent is recorded.
ALTER TABLE stakeholders ADD COLUMN consent_use TEXT NOT NULL DEFAULT 'quote'
  CHECK (consent_use IN ('quote', 'describe', 'none'));

-- One row per change of a stakeholder's consent (status, use, scope note or date), written by the stakeholder
-- repository in the same transaction as the change. Deliberately no foreign key to stakeholders: the data protection
-- officer's audit trail must outlive a person's erasure, and it holds no name, only the consent state.
CREATE TABLE consent_changes (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL,
  stakeholder_id  TEXT NOT NULL,
  changed_at      TEXT NOT NULL,
  status          TEXT NOT NULL,
  consent_use     TEXT NOT NULL,
  scope_note      TEXT NOT NULL DEFAULT '',
  reason          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX consent_changes_stakeholder ON consent_changes (stakeholder_id, changed_at);
CREATE INDEX consent_changes_project ON consent_changes (project_id, changed_at);

-- Every stakeholder already in the journal (live or in the trash) starts its history with the consent it has now,
-- so the register shows where each trail begins. The ids are random version 4 UUIDs (SQL has no clock-ordered
-- ones); ordering is by changed_at, never by id.
INSERT INTO consent_changes (id, project_id, stakeholder_id, changed_at, status, consent_use, scope_note, reason)
  SELECT
    lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6)))),
    project_id, id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), consent_status, consent_use, consent_scope, 'migrated'
  FROM stakeholders
  ORDER BY created_at, id;
