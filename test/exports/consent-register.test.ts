import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { createProject } from '../../db/repositories/projects.js';
import { createStakeholder, recordConsentChange, updateStakeholder } from '../../db/repositories/stakeholders.js';
import { call, callOrThrow } from '../../electron/api/dispatch.js';
import { runCli } from '../../electron/cli/run.js';
import { csvCell, loadConsentRegister, registerCsv, toCsv } from '../../electron/exports/consent-register.js';
import type { Db } from '../../db/connection.js';
import { tempDatabase, tempDir } from '../helpers/temp.js';

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records), to read back what the register wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

function seedRegister(db: Db) {
  const project = createProject(db, { title: 'Nordby' });
  const ærø = createStakeholder(db, {
    project_id: project.id,
    pseudonym: 'Ærø',
    real_name: 'Søren "Sø" Østergård, jr.',
    sector: 'citizen',
    consent_status: 'pending',
    consent_scope: '=HYPERLINK("http://evil.example","click")',
  });
  updateStakeholder(db, ærø.id, { consent_status: 'given', consent_use: 'describe', consent_date: '2026-03-02' });
  const bo = createStakeholder(db, { project_id: project.id, pseudonym: 'Bo', real_name: '+45 1234', sector: 'public', consent_status: 'given' });
  // Someone erased: only their history remains.
  const gone = createStakeholder(db, { project_id: project.id, pseudonym: 'Gone', real_name: 'Gina Gone', sector: 'other' });
  recordConsentChange(db, { ...gone, consent_status: 'withdrawn' }, 'erased');
  db.prepare(`DELETE FROM stakeholders WHERE id = ?`).run(gone.id);
  return { project, ærø, bo, gone };
}

describe('consent register', { timeout: 120_000 }, () => {
  it('CSV cells: quoted, quotes doubled, formula starts defused', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const risky of ['=1+2', '+45 1234', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(risky)).toBe(`"'${risky.replace(/"/g, '""')}"`);
    expect(csvCell('a=1')).toBe('"a=1"');
    const bytes = toCsv([['a', 'b'], ['æ', 'ø']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('"a","b"\r\n"æ","ø"\r\n');
  });

  it('lists every person with real name, pseudonym, consent and history; people erased keep their history', () => {
    const { db } = tempDatabase();
    const { project, ærø, bo, gone } = seedRegister(db);
    const register = loadConsentRegister(db, project.id);
    expect(register.entries.map((entry) => [entry.pseudonym, entry.real_name, entry.exports, entry.state])).toEqual([
      ['Bo', '+45 1234', 'quote', 'live'],
      ['Ærø', 'Søren "Sø" Østergård, jr.', 'describe', 'live'],
      ['', '', 'leave_out', 'gone'],
    ]);
    expect(register.entries[1]!.history.map((change) => `${change.status}/${change.consent_use}/${change.reason}`)).toEqual(['pending/quote/created', 'given/describe/updated']);
    expect(register.entries[2]!.stakeholder_id).toBe(gone.id);
    expect(register.entries[2]!.history.map((change) => change.reason)).toEqual(['created', 'erased']);

    const csv = registerCsv(register);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['Real name', 'Pseudonym', 'Sector', 'Consent status', 'Use agreed to', 'Scope note', 'Consent date', 'Exports', 'Record', 'History of changes', 'Stakeholder id']);
    expect(rows).toHaveLength(4);
    const [boRow, ærøRow] = [rows[1]!, rows[2]!];
    expect(boRow.slice(0, 5)).toEqual(["'+45 1234", 'Bo', 'Public sector', 'Given', 'May be quoted']);
    expect(ærøRow[0]).toBe('Søren "Sø" Østergård, jr.');
    expect(ærøRow[5]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(ærøRow[6]).toBe('2026-03-02');
    expect(ærøRow[7]).toBe('Described, not quoted');
    expect(ærøRow[9]!.split('\n')).toHaveLength(2);
    expect(ærøRow[9]).toMatch(/Given · May be described, not quoted · changed/);
    expect(ærøRow[10]).toBe(ærø.id);
    expect(rows[3]![8]).toBe('Erased (history only)');
    expect(bo.id).toBe(rows[1]![10]);
    // No cell of the whole file starts a formula.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);

    const danish = parseCsv(registerCsv(register, 'da').subarray(3).toString('utf8'));
    expect(danish[0]![0]).toBe('Rigtigt navn');
    expect(danish[2]![7]).toBe('Beskrives, citeres ikke');
  });

  it('exports through the API as CSV and PDF (the PDF printed by Chromium holds names and history)', async () => {
    const { db } = tempDatabase();
    const { project } = seedRegister(db);
    const csv = await callOrThrow(db, 'consent:registerExport', { project_id: project.id, format: 'csv' });
    expect(csv.file_name).toMatch(/^consent-register-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.media_type).toBe('text/csv; charset=utf-8');
    const pdf = await callOrThrow(db, 'consent:registerExport', { project_id: project.id, format: 'pdf', language: 'da' });
    expect(pdf.file_name).toMatch(/^samtykkeregister-.*\.pdf$/);
    const file = join(tempDir(), 'register.pdf');
    writeFileSync(file, Buffer.from(pdf.data_base64, 'base64'));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Samtykkeregister');
    expect(text).toContain('Østergård');
    expect(text).toContain('Beskrives, citeres ikke');
    const listed = await callOrThrow(db, 'consent:register', { project_id: project.id });
    expect(listed.entries).toHaveLength(3);
    expect(await call(db, 'consent:register', { project_id: '0190a000-0000-7000-8000-000000000099' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('withness consent register writes CSV and PDF, picks the one inquiry, and explains wrong use', async () => {
    const folder = tempDir();
    const journal = join(folder, 'journal.sqlite');
    const db = openDatabase(journal);
    const { project } = seedRegister(db);
    db.close();
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
      return { code, stdout, stderr };
    };
    const csvFile = join(folder, 'register.csv');
    const csv = await run('consent', 'register', '--db', journal, '--format', 'csv', '--out', csvFile);
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    expect(csv.stdout).toContain('real names');
    const rows = parseCsv(readFileSync(csvFile).subarray(3).toString('utf8'));
    expect(rows.map((row) => row[1])).toEqual(['Pseudonym', 'Bo', 'Ærø', '']);

    const pdf = await run('consent', 'register', '--db', journal, '--project', project.id, '--format', 'pdf', '--out', folder);
    expect(pdf.code).toBe(0);
    const written = pdf.stdout.match(/consent-register-[\d-]+\.pdf/)![0];
    expect(readFileSync(join(folder, written)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    expect((await run('consent', 'register', '--db', journal, '--format', 'xlsx', '--out', csvFile)).code).toBe(2);
    expect((await run('consent', 'forget', '--db', journal, '--format', 'csv', '--out', csvFile)).code).toBe(2);
    const unknown = await run('consent', 'register', '--db', journal, '--project', '0190a000-0000-7000-8000-000000000099', '--format', 'csv', '--out', csvFile);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No project|not found|does not exist/i);
  });
});
