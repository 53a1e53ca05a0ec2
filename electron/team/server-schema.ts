/**
 * The team server's schema: what `withness server init` runs on the administrator's PostgreSQL database (the
 * administrator's side is in the README, "Team server (PostgreSQL)"). Kept as a TypeScript string rather than a .sql
 * file so that the bundled Electron main, tsx and vitest all find it without copying assets.
 *
 * Access is PostgreSQL's to enforce: members are LOGIN roles in the NOLOGIN group `withness_member`; row-level
 * security lets a member see rows only of the inquiries listed for them in withness.members. Members add rows only
 * through withness.push, put_blob and erase (no INSERT on the tables), so every row passes their checks.
 *
 * Who "the member" is: `session_user`, the role that authenticated. `current_user` changes with SET ROLE (a member
 * may SET ROLE withness_member) and is the function owner inside SECURITY DEFINER functions, so the membership
 * helpers, the author column and erased_by all use session_user, which only a superuser can change.
 *
 * Every statement is safe to run again (IF NOT EXISTS, CREATE OR REPLACE, policies created only when missing), so
 * `server init` twice leaves the database as it was. Run it in one transaction (server-admin.ts does).
 */

import { TABLES, columnsOf } from '../exchange/bundle-tables.js';

export const SCHEMA_VERSION = 1;
export const MEMBER_GROUP = 'withness_member';

/**
 * The tables the feed carries and how each row names its key and its inquiry: all taken from the bundle's TABLES,
 * the one list the client syncs too, so a table added there is accepted here by the next `server init`.
 */
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const SYNCED_TABLES_SQL = `ARRAY[${TABLES.map((spec) => quote(spec.name)).join(', ')}]::text[]`;
/** The row_key a row must have: its key columns joined by '/'. */
const ROW_KEY_SQL = (row: string, table: string) =>
  `CASE ${table} ${TABLES.filter((spec) => spec.key.join() !== 'id')
    .map((spec) => `WHEN ${quote(spec.name)} THEN ${spec.key.map((column) => `(${row}->>${quote(column)})`).join(` || '/' || `)}`)
    .join(' ')} ELSE ${row}->>'id' END`;
const PROJECT_TABLES_SQL = `ARRAY[${TABLES.filter((spec) => columnsOf(spec.name).includes('project_id'))
  .map((spec) => quote(spec.name))
  .join(', ')}]::text[]`;
/** The inquiry a row says it belongs to (NULL for the link tables, which have no project column). */
const ROW_INQUIRY_SQL = (row: string, table: string) =>
  `CASE WHEN ${table} = 'projects' THEN ${row}->>'id' WHEN ${table} = ANY (${PROJECT_TABLES_SQL}) OR ${row} ? 'project_id' THEN coalesce(${row}->>'project_id', '(none)') END`;

/** Expression true for rows of the inquiries the connected member belongs to (evaluated once per query). */
const MINE = (column: string) => `${column} IN (SELECT withness.my_inquiries())`;

function policy(name: string, table: string, command: 'SELECT' | 'INSERT', clause: string): string {
  const body = command === 'SELECT' ? `USING (${clause})` : `WITH CHECK (${clause})`;
  return `
DO $policy$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies WHERE schemaname = 'withness' AND tablename = '${table}' AND policyname = '${name}') THEN
    CREATE POLICY ${name} ON withness.${table} FOR ${command} TO PUBLIC ${body};
  END IF;
END
$policy$;`;
}

/**
 * CREATE INDEX IF NOT EXISTS still takes a SHARE lock on the table before it finds the index there, which would wait
 * for every member's open push; looking the name up first keeps a repeated init from waiting on (or stalling) syncs.
 */
function index(name: string, table: string, columns: string): string {
  return `
DO $index$
BEGIN
  IF to_regclass('withness.${name}') IS NULL THEN
    CREATE INDEX ${name} ON withness.${table} (${columns});
  END IF;
END
$index$;`;
}

/** Raised at the top of every member-facing function: one clear SQLSTATE 42501 for "not your inquiry". */
const MEMBER_CHECK = `
  IF NOT withness.is_member(p_inquiry) THEN
    RAISE EXCEPTION 'withness: role % is not a member of inquiry %', session_user, p_inquiry USING ERRCODE = '42501';
  END IF;`;

export const SERVER_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS withness;

DO $role$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${MEMBER_GROUP}') THEN
    CREATE ROLE ${MEMBER_GROUP} NOLOGIN;
  END IF;
END
$role$;

CREATE TABLE IF NOT EXISTS withness.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO withness.meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT (key) DO NOTHING;

CREATE TABLE IF NOT EXISTS withness.inquiries (
  id         text PRIMARY KEY,
  title      text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS withness.members (
  inquiry_id text REFERENCES withness.inquiries ON DELETE CASCADE,
  member     name NOT NULL,
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (inquiry_id, member)
);
${index('members_by_member', 'members', 'member')}

-- The feed. xid orders it by transaction: see withness.pull for why seq alone is not enough.
CREATE TABLE IF NOT EXISTS withness.changes (
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  xid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  inquiry_id   text NOT NULL REFERENCES withness.inquiries ON DELETE CASCADE,
  change_id    text NOT NULL,
  table_name   text NOT NULL,
  row_key      text NOT NULL,
  hash         text NOT NULL,
  parents      text[] NOT NULL DEFAULT '{}',
  revision     integer NOT NULL DEFAULT 0,
  "row"        jsonb,
  author       name NOT NULL DEFAULT session_user,
  client_id    text NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (inquiry_id, change_id)
);
${index('changes_feed', 'changes', 'inquiry_id, xid, seq')}
${index('changes_row', 'changes', 'inquiry_id, row_key')}

CREATE TABLE IF NOT EXISTS withness.blobs (
  inquiry_id text REFERENCES withness.inquiries ON DELETE CASCADE,
  sha256     text,
  content    bytea NOT NULL,
  PRIMARY KEY (inquiry_id, sha256),
  -- Also for rows inserted without put_blob: a blob is always the bytes its name says.
  CONSTRAINT blobs_hash_matches CHECK (sha256 = encode(sha256(content), 'hex'))
);

-- Ids only: never a name or a sentence of the person who withdrew.
CREATE TABLE IF NOT EXISTS withness.erasures (
  inquiry_id     text REFERENCES withness.inquiries ON DELETE CASCADE,
  id             text,
  stakeholder_id text NOT NULL,
  mode           text NOT NULL CHECK (mode IN ('erase', 'anonymise')),
  record_ids     text[] NOT NULL,
  rewritten_ids  text[] NOT NULL,
  erased_at      timestamptz NOT NULL DEFAULT now(),
  erased_by      name NOT NULL DEFAULT session_user,
  PRIMARY KEY (inquiry_id, id)
);

-- Membership, looked up as the schema's owner (a policy on members that read members would recurse) for the
-- role that logged in. SECURITY DEFINER with a pinned search_path: nothing a member creates is found first.
CREATE OR REPLACE FUNCTION withness.my_inquiries() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT m.inquiry_id FROM withness.members m WHERE m.member = session_user $fn$;

CREATE OR REPLACE FUNCTION withness.is_member(p_inquiry text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT EXISTS (SELECT 1 FROM withness.members m WHERE m.inquiry_id = p_inquiry AND m.member = session_user) $fn$;

-- Only when off: ALTER TABLE locks the table, and a second init must not wait on (or stall) members' syncs.
DO $rls$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['inquiries', 'members', 'changes', 'blobs', 'erasures'] LOOP
    IF NOT (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = ('withness.' || t)::regclass) THEN
      EXECUTE format('ALTER TABLE withness.%I ENABLE ROW LEVEL SECURITY', t);
    END IF;
  END LOOP;
END
$rls$;
${policy('inquiries_read', 'inquiries', 'SELECT', MINE('id'))}
${policy('members_read', 'members', 'SELECT', MINE('inquiry_id'))}
${policy('changes_read', 'changes', 'SELECT', MINE('inquiry_id'))}
${policy('changes_add', 'changes', 'INSERT', `${MINE('inquiry_id')} AND author = session_user`)}
${policy('blobs_read', 'blobs', 'SELECT', MINE('inquiry_id'))}
${policy('blobs_add', 'blobs', 'INSERT', MINE('inquiry_id'))}
${policy('erasures_read', 'erasures', 'SELECT', MINE('inquiry_id'))}

-- Sends row versions: the only way into the feed. Members have no INSERT on changes, so every version passes the
-- checks and skip rules below; hence SECURITY DEFINER (search_path pinned, membership checked first, author from
-- the column default session_user, which is the member who logged in, never the function's owner).
-- Skips (does not insert) a version that would bring an erased person back; the evidence-withdrawn marker of a
-- prompt link lives on. Besides the rules of the design, a row whose entity_id / target_id / owner_id names an
-- erased record is skipped too: it is what erase() purges, so an old client cannot push it back either.
CREATE OR REPLACE FUNCTION withness.push(p_inquiry text, p_client text, p_changes jsonb) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_bad text;
  v_count integer;
BEGIN
  ${MEMBER_CHECK}
  IF p_client IS NULL OR p_client = '' THEN
    RAISE EXCEPTION 'withness.push: a client id is needed' USING ERRCODE = '22023';
  END IF;
  IF jsonb_typeof(p_changes) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'withness.push: p_changes must be a JSON array' USING ERRCODE = '22023';
  END IF;
  SELECT coalesce(c.change_id, '(no change_id)') INTO v_bad
    FROM jsonb_to_recordset(p_changes) AS c(change_id text, table_name text, row_key text, hash text, parents text[], revision integer, "row" jsonb)
   WHERE c.change_id IS NULL OR c.table_name IS NULL OR c.table_name = '' OR c.row_key IS NULL OR c.row_key = ''
      OR c.hash IS NULL OR c.hash !~ '^[0-9a-f]{64}$'
      OR c.change_id <> encode(sha256(convert_to(c.table_name || '|' || c.row_key || '|' || c.hash, 'UTF8')), 'hex')
      OR (c."row" IS NOT NULL AND jsonb_typeof(c."row") NOT IN ('object', 'null'))
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'withness.push: change % is malformed (change_id must be sha256 of table_name|row_key|hash, hash 64 lowercase hex digits, row an object or null)', v_bad
      USING ERRCODE = '22023';
  END IF;

  -- One wrong version would stop every client that pulls it (they refuse a page they cannot apply), so the whole
  -- batch is refused here instead: a table the feed does not carry, a row under another key, a row of another inquiry.
  SELECT format('change %s (%s %s) %s', c.ordinality, c.table_name, c.row_key, c.problem) INTO v_bad
    FROM (
      SELECT e.ordinality, c.table_name, c.row_key,
             CASE
               WHEN NOT (c.table_name = ANY (${SYNCED_TABLES_SQL}))
                 THEN 'names a table the team feed does not carry (it carries ' || array_to_string(${SYNCED_TABLES_SQL}, ', ') || ')'
               WHEN jsonb_typeof(c."row") = 'object' AND ${ROW_KEY_SQL('c."row"', 'c.table_name')} IS DISTINCT FROM c.row_key
                 THEN 'has a row whose key is ' || coalesce(${ROW_KEY_SQL('c."row"', 'c.table_name')}, '(missing)') || ', not its row_key'
               WHEN jsonb_typeof(c."row") = 'object' AND ${ROW_INQUIRY_SQL('c."row"', 'c.table_name')} <> p_inquiry
                 THEN 'has a row of inquiry ' || ${ROW_INQUIRY_SQL('c."row"', 'c.table_name')} || ', not of ' || p_inquiry
             END AS problem
        FROM jsonb_array_elements(p_changes) WITH ORDINALITY AS e(value, ordinality),
             jsonb_to_record(e.value) AS c(table_name text, row_key text, "row" jsonb)
    ) c
   WHERE c.problem IS NOT NULL
   ORDER BY c.ordinality
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'withness.push: %; nothing of this push was taken', v_bad USING ERRCODE = '22023';
  END IF;

  WITH incoming AS (
    SELECT c.change_id, c.table_name, c.row_key, c.hash, coalesce(c.parents, '{}') AS parents,
           coalesce(c.revision, 0) AS revision, CASE WHEN jsonb_typeof(c."row") = 'null' THEN NULL ELSE c."row" END AS "row",
           e.ordinality
      FROM jsonb_array_elements(p_changes) WITH ORDINALITY AS e(value, ordinality),
           jsonb_to_record(e.value) AS c(change_id text, table_name text, row_key text, hash text, parents text[], revision integer, "row" jsonb)
  ), erased AS (
    SELECT e.mode, e.stakeholder_id, e.record_ids, e.record_ids || e.stakeholder_id AS ids
      FROM withness.erasures e
     WHERE e.inquiry_id = p_inquiry
  ), kept AS (
    -- Erased: nothing of the person comes back. Anonymised: the person and their turns live on under the label, so
    -- only a version of their record that still holds something of them (a name, an alias, their old pseudonym),
    -- and the history of their record, are kept out.
    SELECT i.* FROM incoming i
     WHERE NOT EXISTS (
       SELECT 1 FROM erased e
        WHERE (e.mode = 'erase'
               AND (i.row_key = e.stakeholder_id
                    OR i."row"->>'speaker_id' = e.stakeholder_id
                    OR i."row"->>'stakeholder_id' = e.stakeholder_id
                    OR ((i.row_key = ANY (e.record_ids)
                         OR i."row"->>'entity_id' = ANY (e.ids)
                         OR i."row"->>'target_id' = ANY (e.ids)
                         OR i."row"->>'owner_id' = ANY (e.ids))
                        AND NOT (i.table_name = 'prompt_links' AND i."row"->>'withdrawn_at' IS NOT NULL))))
           OR (e.mode = 'anonymise'
               AND ((i.table_name = 'stakeholders' AND i.row_key = e.stakeholder_id AND i."row" IS NOT NULL
                     AND (coalesce(i."row"->>'real_name', '') <> '' OR coalesce(i."row"->>'organisation', '') <> ''
                          OR coalesce(i."row"->>'role', '') <> '' OR coalesce(i."row"->>'notes', '') <> ''
                          OR coalesce(i."row"->>'aliases', '[]') NOT IN ('[]', '')
                          OR coalesce(i."row"->>'pseudonym', '') NOT LIKE 'Participant W%'))
                    OR (i.table_name = 'revisions' AND i."row"->>'entity_id' = e.stakeholder_id)))
     )
  ), inserted AS (
    INSERT INTO withness.changes (inquiry_id, change_id, table_name, row_key, hash, parents, revision, "row", client_id)
    SELECT p_inquiry, k.change_id, k.table_name, k.row_key, k.hash, k.parents, k.revision, k."row", p_client
      FROM kept k ORDER BY k.ordinality
    ON CONFLICT (inquiry_id, change_id) DO NOTHING
    RETURNING 1
  )
  SELECT count(*) INTO v_count FROM inserted;
  RETURN v_count;
END
$fn$;

-- The feed after a cursor (xid, seq). A push that began earlier can commit after a later one, so "seq > cursor"
-- would jump past it. Every transaction whose xid is below this statement's snapshot xmin has ended, so nothing
-- can still appear behind a cursor that only moves over such rows. A long-open writing transaction holds the
-- feed back until it ends. Own rows (client_id = p_client) come without their row: the client has them.
CREATE OR REPLACE FUNCTION withness.pull(p_inquiry text, p_client text, p_after_xid xid8, p_after_seq bigint, p_limit integer)
RETURNS TABLE (xid xid8, seq bigint, change_id text, table_name text, row_key text, hash text, parents text[],
               revision integer, "row" jsonb, author name, client_id text, committed_at timestamptz, own boolean)
LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
  ${MEMBER_CHECK}
  RETURN QUERY
    SELECT c.xid, c.seq, c.change_id, c.table_name, c.row_key, c.hash, c.parents, c.revision,
           CASE WHEN c.client_id = p_client THEN NULL ELSE c."row" END,
           c.author, c.client_id, c.committed_at, coalesce(c.client_id = p_client, false)
      FROM withness.changes c
     WHERE c.inquiry_id = p_inquiry
       AND (c.xid, c.seq) > (coalesce(p_after_xid, '0'::xid8), coalesce(p_after_seq, 0))
       AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY c.xid, c.seq
     LIMIT greatest(1, least(coalesce(p_limit, 1000), 10000));
END
$fn$;

-- SECURITY DEFINER for the same reason as push: members have no INSERT on blobs.
CREATE OR REPLACE FUNCTION withness.put_blob(p_inquiry text, p_sha256 text, p_content bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  ${MEMBER_CHECK}
  IF p_sha256 IS NULL OR p_sha256 !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'withness.put_blob: the name must be 64 lowercase hex digits' USING ERRCODE = '22023';
  END IF;
  IF p_content IS NULL OR encode(sha256(p_content), 'hex') <> p_sha256 THEN
    RAISE EXCEPTION 'withness.put_blob: the content does not match its sha256 %', p_sha256 USING ERRCODE = '22023';
  END IF;
  INSERT INTO withness.blobs (inquiry_id, sha256, content) VALUES (p_inquiry, p_sha256, p_content)
  ON CONFLICT (inquiry_id, sha256) DO NOTHING;
END
$fn$;

CREATE OR REPLACE FUNCTION withness.get_blob(p_inquiry text, p_sha256 text) RETURNS bytea
LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_content bytea;
BEGIN
  ${MEMBER_CHECK}
  SELECT b.content INTO v_content FROM withness.blobs b WHERE b.inquiry_id = p_inquiry AND b.sha256 = p_sha256;
  RETURN v_content;
END
$fn$;

CREATE OR REPLACE FUNCTION withness.list_erasures(p_inquiry text)
RETURNS TABLE (id text, stakeholder_id text, mode text, record_ids text[], rewritten_ids text[], erased_at timestamptz, erased_by name)
LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
  ${MEMBER_CHECK}
  RETURN QUERY
    SELECT e.id, e.stakeholder_id, e.mode, e.record_ids, e.rewritten_ids, e.erased_at, e.erased_by
      FROM withness.erasures e WHERE e.inquiry_id = p_inquiry ORDER BY e.erased_at, e.id;
END
$fn$;

-- Records a withdrawal (ids only) and purges what it names from the feed, including versions other members wrote:
-- hence SECURITY DEFINER, after checking the caller belongs to the inquiry. Because a purge cannot be undone, the
-- instruction is held to what a real withdrawal names, as the feed shows it: the person must be a stakeholders row
-- of this inquiry (or one erased before); a record id is kept only when it is the person, a turn they spoke, one of
-- their link rows, or a quote, coding, attachment, history entry or trash entry of those (attachments: of a note or
-- dialogue they are linked to); a rewritten id only when the feed has that row. Everything else is ignored and
-- reported back. Sent again (a client that did not hear the answer), it changes nothing: purging again would
-- delete the scrubbed versions pushed after the first time.
-- Before this returned jsonb it returned void; CREATE OR REPLACE cannot change that, so an older one goes first.
DO $drop$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = to_regprocedure('withness.erase(text, jsonb)') AND p.prorettype = 'void'::regtype) THEN
    DROP FUNCTION withness.erase(text, jsonb);
  END IF;
END
$drop$;
CREATE OR REPLACE FUNCTION withness.erase(p_inquiry text, p_erasure jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_id text := p_erasure->>'id';
  v_stakeholder text := p_erasure->>'stakeholder_id';
  v_mode text := p_erasure->>'mode';
  v_asked_records text[];
  v_asked_rewritten text[];
  v_turns text[];
  v_links text[];
  v_owners text[];
  v_tied text[];
  v_records text[];
  v_rewritten text[];
  v_ids text[];
  v_shas text[];
  v_purged integer;
BEGIN
  ${MEMBER_CHECK}
  IF v_id IS NULL OR v_id = '' OR v_stakeholder IS NULL OR v_stakeholder = '' OR v_mode IS NULL
     OR v_mode NOT IN ('erase', 'anonymise')
     OR jsonb_typeof(coalesce(p_erasure->'record_ids', '[]')) <> 'array'
     OR jsonb_typeof(coalesce(p_erasure->'rewritten_ids', '[]')) <> 'array' THEN
    RAISE EXCEPTION 'withness.erase: an erasure needs id, stakeholder_id, mode (erase or anonymise), record_ids and rewritten_ids (arrays of ids)'
      USING ERRCODE = '22023';
  END IF;
  v_asked_records := ARRAY(SELECT jsonb_array_elements_text(coalesce(p_erasure->'record_ids', '[]')));
  v_asked_rewritten := ARRAY(SELECT jsonb_array_elements_text(coalesce(p_erasure->'rewritten_ids', '[]')));

  IF EXISTS (SELECT 1 FROM withness.erasures e WHERE e.inquiry_id = p_inquiry AND e.id = v_id) THEN
    RETURN jsonb_build_object('id', v_id, 'recorded', false, 'reason', 'already recorded', 'purged', 0);
  END IF;
  -- Not an error: a person withdrawn before their row was ever sent is nowhere on the server, and a client that
  -- raised here could never finish a sync. Nothing is recorded, so nothing is purged or blocked.
  IF NOT EXISTS (SELECT 1 FROM withness.changes c WHERE c.inquiry_id = p_inquiry AND c.table_name = 'stakeholders' AND c.row_key = v_stakeholder)
     AND NOT EXISTS (SELECT 1 FROM withness.erasures e WHERE e.inquiry_id = p_inquiry AND e.stakeholder_id = v_stakeholder) THEN
    RETURN jsonb_build_object('id', v_id, 'recorded', false, 'reason', 'no stakeholder ' || v_stakeholder || ' in this inquiry', 'purged', 0,
                              'ignored_record_ids', to_jsonb(v_asked_records), 'ignored_rewritten_ids', to_jsonb(v_asked_rewritten));
  END IF;

  -- What the feed ties to the person (any version counts: a turn's speaker may have been cleared since).
  v_turns := ARRAY(SELECT DISTINCT c.row_key FROM withness.changes c
                    WHERE c.inquiry_id = p_inquiry AND c.table_name = 'dialogue_turns' AND c."row"->>'speaker_id' = v_stakeholder);
  v_links := ARRAY(SELECT DISTINCT c.row_key FROM withness.changes c
                    WHERE c.inquiry_id = p_inquiry AND c.table_name IN ('field_note_stakeholders', 'dialogue_participants')
                      AND split_part(c.row_key, '/', 2) = v_stakeholder);
  v_owners := ARRAY(SELECT split_part(l, '/', 1) FROM unnest(v_links) AS l);
  v_tied := v_turns || v_links || v_stakeholder;
  v_tied := v_tied || ARRAY(
    SELECT DISTINCT c.row_key FROM withness.changes c
     WHERE c.inquiry_id = p_inquiry
       AND ((c.table_name IN ('prompt_links', 'code_applications') AND c."row"->>'target_id' = ANY (v_turns || v_stakeholder))
         OR (c.table_name = 'attachments' AND c."row"->>'owner_id' = ANY (v_turns || v_owners || v_stakeholder))
         OR (c.table_name IN ('revisions', 'trash_items') AND c."row"->>'entity_id' = ANY (v_turns || v_stakeholder))));
  -- The history and trash entries of those quotes, codings and attachments.
  v_tied := v_tied || ARRAY(
    SELECT DISTINCT c.row_key FROM withness.changes c
     WHERE c.inquiry_id = p_inquiry AND c.table_name IN ('revisions', 'trash_items') AND c."row"->>'entity_id' = ANY (v_tied));

  v_records := ARRAY(SELECT r FROM unnest(v_asked_records) WITH ORDINALITY AS u(r, n) WHERE r = ANY (v_tied) GROUP BY r ORDER BY min(n));
  v_rewritten := ARRAY(SELECT r FROM unnest(v_asked_rewritten) WITH ORDINALITY AS u(r, n)
                        WHERE EXISTS (SELECT 1 FROM withness.changes c WHERE c.inquiry_id = p_inquiry AND c.row_key = r)
                        GROUP BY r ORDER BY min(n));

  INSERT INTO withness.erasures (inquiry_id, id, stakeholder_id, mode, record_ids, rewritten_ids, erased_by)
  VALUES (p_inquiry, v_id, v_stakeholder, v_mode, v_records, v_rewritten, session_user)
  ON CONFLICT (inquiry_id, id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('id', v_id, 'recorded', false, 'reason', 'already recorded', 'purged', 0);
  END IF;

  v_ids := v_records || v_rewritten || v_stakeholder;
  -- A rewritten row loses only its own old versions (its scrubbed version is sent right after). What hangs on it —
  -- codings, files, history of other versions — names nobody and is sent by nobody again, so it stays; rows that
  -- hang on the person or their removed records go.
  -- Anonymised: the person's record (its versions hold their names; the erasing client sends the labelled one
  -- right after), its history, and the old versions of the rewritten rows go; their turns, links and codings stay.
  WITH purged AS (
    DELETE FROM withness.changes c
     WHERE c.inquiry_id = p_inquiry
       AND CASE WHEN v_mode = 'erase' THEN
             (c.row_key = ANY (v_ids)
              OR c."row"->>'entity_id' = ANY (v_records || v_stakeholder)
              OR c."row"->>'speaker_id' = ANY (v_records || v_stakeholder)
              OR c."row"->>'stakeholder_id' = ANY (v_records || v_stakeholder)
              OR c."row"->>'target_id' = ANY (v_records || v_stakeholder)
              OR c."row"->>'owner_id' = ANY (v_records || v_stakeholder))
           ELSE
             (c.row_key = ANY (v_rewritten || v_stakeholder)
              OR (c.table_name = 'revisions' AND c."row"->>'entity_id' = v_stakeholder))
           END
    RETURNING c.table_name, c."row"
  )
  SELECT count(*)::integer,
         coalesce(array_agg(DISTINCT p."row"->>'sha256') FILTER (WHERE p.table_name = 'attachments' AND p."row"->>'sha256' IS NOT NULL), '{}')
    INTO v_purged, v_shas
    FROM purged p;

  -- A separate statement, so it sees the purge: a blob still named by a kept attachment version stays.
  DELETE FROM withness.blobs b
   WHERE b.inquiry_id = p_inquiry AND b.sha256 = ANY (v_shas)
     AND NOT EXISTS (SELECT 1 FROM withness.changes c
                      WHERE c.inquiry_id = p_inquiry AND c.table_name = 'attachments' AND c."row"->>'sha256' = b.sha256);

  RETURN jsonb_build_object(
    'id', v_id, 'recorded', true, 'purged', v_purged,
    'record_ids', to_jsonb(v_records), 'rewritten_ids', to_jsonb(v_rewritten),
    'ignored_record_ids', to_jsonb(ARRAY(SELECT r FROM unnest(v_asked_records) AS r WHERE NOT (r = ANY (v_records)))),
    'ignored_rewritten_ids', to_jsonb(ARRAY(SELECT r FROM unnest(v_asked_rewritten) AS r WHERE NOT (r = ANY (v_rewritten)))));
END
$fn$;

REVOKE ALL ON SCHEMA withness FROM PUBLIC;
GRANT USAGE ON SCHEMA withness TO ${MEMBER_GROUP};
REVOKE ALL ON ALL TABLES IN SCHEMA withness FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA withness FROM ${MEMBER_GROUP};
GRANT SELECT ON withness.meta, withness.inquiries, withness.members, withness.changes, withness.erasures, withness.blobs TO ${MEMBER_GROUP};
-- No INSERT on changes or blobs: a plain INSERT would pass by push's erasure skip rules and checks. (The REVOKE
-- above also takes back the column INSERT grants an earlier init gave.)
-- Functions are executable by PUBLIC unless revoked.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA withness FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA withness TO ${MEMBER_GROUP};
`;
