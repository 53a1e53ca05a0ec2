import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { terminal } from '../../electron/cli/commands/erasure.js';
import { runCli } from '../../electron/cli/run.js';
import { PLANTED, seedWithdrawal } from '../electron/erasure/seed.js';
import { tempDir } from '../helpers/temp.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

function journal() {
  const file = join(tempDir(), 'withness.sqlite');
  const db = openDatabase(file);
  const seeded = seedWithdrawal(db);
  db.close();
  return { file, seeded };
}

const original = { ...terminal };
afterEach(() => Object.assign(terminal, original));

describe('withness erase and withness subject-access', () => {
  it('subject-access writes the HTML page and the JSON beside it, with their words and consent history', async () => {
    const { file, seeded } = journal();
    const out = join(tempDir(), 'access.html');
    const result = await run('subject-access', '--stakeholder', seeded.personId, '--db', file, '--out', out);
    expect(result).toMatchObject({ code: 0 });
    const html = readFileSync(out, 'utf8');
    const json = JSON.parse(readFileSync(join(out, '..', 'access.json'), 'utf8'));
    expect(html).toContain(PLANTED.turn);
    expect(html).toContain(`${PLANTED.realName} ${PLANTED.surname}`);
    expect(html).not.toContain('<script');
    expect(json.person).toMatchObject({ id: seeded.personId, pseudonym: PLANTED.pseudonym, aliases: [PLANTED.alias] });
    expect(json.turns.map((t: { id: string }) => t.id).sort()).toEqual([...seeded.turnIds].sort());
    expect(json.notes.map((n: { id: string }) => n.id)).toEqual([seeded.noteId]);
    expect(json.dialogues.map((d: { id: string }) => d.id)).toEqual([seeded.dialogueId]);
    expect(json.quoted).toEqual([{ reflection_id: seeded.reflectionId, turn_id: seeded.turnIds[0], passage: PLANTED.quote }]);
    expect(json.consent_history.map((c: { reason: string }) => c.reason)).toEqual(['created']);
    // Nobody else's words: Bo's turn is not in it.
    expect(html).not.toContain('the room was cold');
  });

  it('erase refuses without --yes off a terminal, stops on a wrong answer, and erases with --yes', async () => {
    const { file, seeded } = journal();
    terminal.isInteractive = () => false;
    const refused = await run('erase', '--stakeholder', seeded.personId, '--db', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);

    terminal.isInteractive = () => true;
    terminal.ask = async () => 'no';
    const stopped = await run('erase', '--stakeholder', seeded.personId, '--db', file);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/2 +turns they spoke/);
    expect(stopped.stdout).toMatch(/Stopped; nothing was changed/);
    let db = openDatabase(file);
    expect(db.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId)).toBe(1);
    db.close();

    const erased = await run('erase', '--stakeholder', seeded.personId, '--db', file, '--yes', '--by', 'DPO');
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/Erased \(log .*, by DPO\)/);
    db = openDatabase(file);
    expect(db.prepare(`SELECT count(*) FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId)).toBe(0);
    expect(db.prepare(`SELECT erased_by, mode FROM erasure_log`).all()).toEqual([{ erased_by: 'DPO', mode: 'erase' }]);
    db.close();
    expect((await run('erase', '--stakeholder', seeded.personId, '--db', file, '--yes')).code).toBe(1);
    expect((await run('erase', '--stakeholder', seeded.personId, '--db', join(tempDir(), 'none.sqlite'), '--yes')).code).toBe(1);
    expect(existsSync(join(tempDir(), 'none.sqlite'))).toBe(false);
  });

  it('erase --anonymise typed on a terminal keeps the turns under the label', async () => {
    const { file, seeded } = journal();
    terminal.isInteractive = () => true;
    terminal.ask = async () => 'anonymise';
    const result = await run('erase', '--stakeholder', seeded.personId, '--db', file, '--anonymise');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Anonymised as "Participant W1"/);
    const db = openDatabase(file);
    expect(db.prepare(`SELECT count(*) FROM dialogue_turns WHERE speaker_id = ?`).pluck().get(seeded.personId)).toBe(2);
    expect(db.prepare(`SELECT pseudonym FROM stakeholders WHERE id = ?`).pluck().get(seeded.personId)).toBe('Participant W1');
    db.close();
  });

  it('erases in an encrypted journal opened with --key-file, and rewrites its encrypted backup', async () => {
    const { writeFileSync } = await import('node:fs');
    const { JournalHost } = await import('../../electron/journal.js');
    const dir = tempDir();
    const file = join(dir, 'withness.sqlite');
    const host = await JournalHost.open(file, { newJournal: 'encrypted' });
    const setup = await host.dispatch('journal:setup', { passphrase: 'field notes by the harbour' });
    expect(setup.ok).toBe(true);
    const seeded = seedWithdrawal(host.db!);
    expect((await host.dispatch('backups:create', {})).ok).toBe(true);
    host.close();
    const keyFile = join(tempDir(), 'key.txt');
    writeFileSync(keyFile, 'field notes by the harbour\n');
    const erased = await run('erase', '--stakeholder', seeded.personId, '--db', file, '--key-file', keyFile, '--yes');
    expect(erased.stderr).toBe('');
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/backup withness-.*: ok — Rewritten, vacuumed and verified\./);
    const out = join(tempDir(), 'gone.html');
    const access = await run('subject-access', '--stakeholder', seeded.personId, '--db', file, '--key-file', keyFile, '--out', out);
    expect(access.code).toBe(1);
    expect(access.stderr).toMatch(/no stakeholder/);
  });
});
