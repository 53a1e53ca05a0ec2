import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDemoProject } from '../../db/demo/build.js';
import { newId } from '../../db/ids.js';
import type { Db } from '../../db/connection.js';
import { call } from '../../electron/api/dispatch.js';
import { REVIEW_SCRIPT, REVIEW_STYLE } from '../../electron/exchange/review-page-assets.js';
import { plainLabel, scriptSafeJson, type ReviewData } from '../../electron/exchange/review-page.js';
import { rowCounts, tempDatabase } from '../helpers/temp.js';
import { addHostileNote } from './exchange-helpers.js';

async function reviewPage(db: Db, projectId: string, realNames?: boolean): Promise<{ html: string; file_name: string; media_type: string }> {
  const result = await call(db, 'exchange:reviewPage', { project_id: projectId, ...(realNames ? { real_names: true } : {}) }, { checkOutput: true });
  if (!result.ok) throw new Error(result.error.message);
  return { html: Buffer.from(result.value.data_base64, 'base64').toString('utf8'), file_name: result.value.file_name, media_type: result.value.media_type };
}

function embeddedData(html: string): ReviewData {
  const match = /<script type="application\/json" id="review-data">([^]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]!) as ReviewData;
}

describe('exchange:reviewPage', () => {
  it('is one self-contained HTML file that loads nothing from anywhere', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const { html, file_name, media_type } = await reviewPage(db, project.id);
    expect(media_type).toBe('text/html');
    expect(file_name).toMatch(/-review-\d{4}-\d{2}-\d{2}\.html$/);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // No external resources of any kind: only the SVG namespace name appears as a URL, and it is never fetched.
    const urls = [...html.matchAll(/(?:https?:)?\/\/[\w.-]+\.[a-z]{2,}[^\s"'<>)]*/gi)].map((match) => match[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|audio|video|source|base)\b/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(REVIEW_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|fetch\(|XMLHttpRequest/);
    // Exactly one inline style and two script elements: the data (not executable) and the code.
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    // Its own CSP allows only that style and that script, by hash.
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(REVIEW_SCRIPT)}`);
    expect(csp).toContain(`style-src ${hash(REVIEW_STYLE)}`);
    expect(html).toContain(`<script>${REVIEW_SCRIPT}</script>`);
    expect(html).toContain(`<style>${REVIEW_STYLE}</style>`);
  });

  it('carries the timeline: cycles with phase bands, events, and reflections linked to their evidence', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    const data = embeddedData((await reviewPage(db, project.id)).html);
    expect(data.cycles).toHaveLength(3);
    for (const cycle of data.cycles) {
      expect(cycle.start).toBeTruthy();
      expect(cycle.phases.map((band) => band.phase)).toEqual(['plan', 'act', 'observe', 'reflect']);
    }
    const count = (type: string) => data.events.filter((event) => event.type === type).length;
    expect([count('field_note'), count('dialogue'), count('phase_entry'), count('reflection')]).toEqual([25, 6, 12, 12]);
    expect(data.events.map((event) => event.at)).toEqual([...data.events.map((event) => event.at)].sort());
    expect(data.links).toHaveLength(32);
    const turnLink = data.links.find((link) => link.turn_id)!;
    const dialogue = data.events.find((event) => event.id === turnLink.event_id)!;
    expect(dialogue.type).toBe('dialogue');
    expect(dialogue.turns!.some((turn) => turn.id === turnLink.turn_id)).toBe(true);
    // Labels are plain text, not Markdown.
    expect(data.events.filter((event) => event.type === 'phase_entry').every((event) => !event.label.includes('##'))).toBe(true);
  });

  it('escapes hostile text: the data block cannot be closed, and the static parts are entities', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    db.prepare(`UPDATE projects SET title = ? WHERE id = ?`).run('Inquiry </title><script>window.__pwned = 4</script>', project.id);
    const noteId = addHostileNote(db, project.id);
    const { html } = await reviewPage(db, project.id);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<!-- comment -->');
    expect(html).toContain('<title>Inquiry &lt;/title&gt;&lt;script&gt;window.__pwned = 4&lt;/script&gt; — team review</title>');
    const data = embeddedData(html);
    const note = data.events.find((event) => event.id === noteId)!;
    expect(note.text).toContain('</script><script>window.__pwned = 1</script>');
    expect(note.label).toBe('<img src=x onerror="window.__pwned = 3">Hostile note');
    // Pseudonymised: the real name in the hostile text is replaced.
    expect(note.text.startsWith('Birgitte said')).toBe(true);
    expect(scriptSafeJson({ a: '</script>\u2028&' })).toBe('{"a":"\\u003c/script\\u003e\\u2028\\u0026"}');
  });

  it('is pseudonymised by default and shows real names only when chosen, saying so', async () => {
    const { db } = tempDatabase();
    const { project } = createDemoProject(db);
    addHostileNote(db, project.id);
    const people = db.prepare(`SELECT real_name FROM stakeholders WHERE project_id = ?`).pluck().all(project.id) as string[];
    const pseudonymised = (await reviewPage(db, project.id)).html;
    for (const name of people) expect(pseudonymised).not.toContain(name);
    expect(pseudonymised).toContain('Pseudonymised: stakeholders appear by their pseudonyms');
    const real = await reviewPage(db, project.id, true);
    expect(real.html).toContain('Lone Kirkegaard said');
    expect(real.html).toContain('This page shows real names.');
    expect(real.file_name).toMatch(/-real-names\.html$/);
  });

  it('refuses unknown projects and bad input, writing nothing', async () => {
    const { db } = tempDatabase();
    const before = rowCounts(db);
    const missing = await call(db, 'exchange:reviewPage', { project_id: newId() });
    expect(!missing.ok && missing.error.code).toBe('not_found');
    for (const input of [{ project_id: 7 }, { project_id: newId(), real_names: 1 }, { project_id: newId(), x: 1 }]) {
      const result = await call(db, 'exchange:reviewPage', input as never);
      expect(!result.ok && result.error.code).toBe('invalid_input');
    }
    expect(rowCounts(db)).toEqual(before);
  });

  it('makes one-line labels from Markdown', () => {
    expect(plainLabel('## Hvad vil vi?\n**Fed** tekst og [et link](https://example.org) _her_')).toBe('Hvad vil vi? Fed tekst og et link her');
    expect([...plainLabel('x'.repeat(200))]).toHaveLength(80);
  });
});
