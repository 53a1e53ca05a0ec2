// @vitest-environment jsdom
// (for DOMParser: the exported HTML is read back as a browser would parse it)
import { describe, expect, it } from 'vitest';
import { demoContent } from '../../db/demo/content.js';
import { generateReport } from '../../electron/exports/report/index.js';
import { buildReportModel, loadReportModel, ReportNotFoundError, flattenCycles, type ReportModel } from '../../electron/exports/report/model.js';
import { loadProjectSnapshot } from '../../electron/exports/snapshot.js';
import { callOrThrow } from '../../electron/api/dispatch.js';
import { markdownForReport, markdownToSafeHtml } from '../../electron/exports/report/sanitize.js';
import { markdownToPlain } from '../../electron/exports/report/text.js';
import { tempDatabase } from '../helpers/temp.js';
import { expectNoRealNames, HOSTILE, realNameTerms, realNamesIn, seedDemo } from './report-fixture.js';

const NOW = new Date('2026-06-01T10:00:00.000Z');

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

async function setup() {
  const { db } = tempDatabase();
  const seeded = await seedDemo(db);
  const report = async (format: 'md' | 'html', options: { real_names?: boolean; scope?: object; language?: 'en' | 'da' } = {}) =>
    (await generateReport(db, { project_id: seeded.projectId, format, ...options }, { now: NOW })).data.toString('utf8');
  return { db, seeded, report };
}

function allReflections(model: ReportModel) {
  const phases = [...flattenCycles(model.cycles).flatMap((cycle) => cycle.phases), ...model.outside];
  return phases.flatMap((phase) => phase.reflections);
}

/** Text between a line and the next line matching `until`. */
function section(text: string, start: string, until: RegExp): string {
  const from = text.indexOf(start);
  expect(from, `missing: ${start}`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(from + start.length);
  const end = rest.search(until);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('report model', () => {
  it('goes cycle by cycle through plan, act, observe and reflect, with every reflection and its evidence', async () => {
    const { db, seeded } = await setup();
    const model = loadReportModel(db, seeded.projectId, { now: NOW });
    expect(model.cycles.map((cycle) => cycle.number)).toEqual(['1', '2', '3']);
    for (const cycle of model.cycles) expect(cycle.phases.map((phase) => phase.phase)).toEqual(['plan', 'act', 'observe', 'reflect']);
    const reflections = allReflections(model);
    expect(reflections).toHaveLength(demoContent.reflections.length + 1);
    const links = db.prepare('SELECT reflection_id, count(*) AS n FROM prompt_links WHERE deleted_at IS NULL GROUP BY reflection_id').all() as {
      reflection_id: string;
      n: number;
    }[];
    for (const { reflection_id, n } of links) expect(reflections.find((r) => r.id === reflection_id)?.evidence).toHaveLength(n);
    // Demo reflections sit in the phase they were written in.
    const first = demoContent.reflections[0]!;
    const cycle = model.cycles[Number(first.cycle.slice(1)) - 1]!;
    expect(cycle.phases.find((phase) => phase.phase === first.phase)!.reflections.map((r) => r.title)).toContain(first.title);
    // A turn is quoted with its speaker (by pseudonym), a passage exactly.
    const evidence = reflections.flatMap((reflection) => reflection.evidence);
    expect(evidence.some((item) => item.type === 'turn' && item.speaker === 'Birgitte')).toBe(true);
    for (const link of demoContent.reflections.flatMap((reflection) => reflection.links).filter((link) => link.quote)) {
      expect(evidence.some((item) => item.passage && item.quote === markdownToPlain(link.quote!))).toBe(true);
    }
    expect(model.pseudonymised).toBe(true);
    expect(model.stakeholders.map((group) => group.sector)).toEqual(['public', 'private', 'voluntary', 'citizen', 'researcher', 'other']);
    expect(model.timeline[0]!.month).toBe('2025-08');
  });

  it('keeps to a chosen cycle or a date range, and refuses an unknown cycle', async () => {
    const { db, seeded } = await setup();
    const second = loadReportModel(db, seeded.projectId, { scope: { cycle_ids: [seeded.cycles[1]!.id] } });
    expect(second.cycles.map((cycle) => cycle.number)).toEqual(['2']);
    expect(second.scope_label).toBe('Cycles 2');
    expect(second.outside).toEqual([]);
    const winter = loadReportModel(db, seeded.projectId, { scope: { from: '2026-01-01', to: '2026-02-28' } });
    expect(winter.timeline.map((month) => month.month)).toEqual(['2026-01', '2026-02']);
    expect(allReflections(winter).every((reflection) => reflection.written_at >= '2026-01-01' && reflection.written_at < '2026-03-01')).toBe(true);
    expect(allReflections(winter).length).toBeGreaterThan(0);
    expect(() => loadReportModel(db, seeded.projectId, { scope: { cycle_ids: ['01900000-0000-7000-8000-000000000000'] } })).toThrow(ReportNotFoundError);
    expect(() => loadReportModel(db, '01900000-0000-7000-8000-000000000000')).toThrow(ReportNotFoundError);
  });
});


describe('report model of a scope', () => {
  it('reads only the scope yet builds the same model as from the whole inquiry, evidence outside the scope quoted', async () => {
    const { db, seeded } = await setup();
    const [one, two, three] = seeded.cycles.map((cycle) => cycle.id) as [string, string, string];
    const first = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
    // A sub-cycle of cycle 2 with a note of its own; a note outside every cycle.
    const sub = await callOrThrow(db, 'cycles:create', { project_id: seeded.projectId, parent_id: two, title: 'Delcyklus', started_on: '2026-01-05' });
    await callOrThrow(db, 'notes:create', { project_id: seeded.projectId, cycle_id: sub.id, phase: 'act', title: 'I delcyklen', body: 'Bent Overgaard var der.', occurred_at: '2026-01-20T10:00:00.000Z' });
    const loose = await callOrThrow(db, 'notes:create', { project_id: seeded.projectId, title: 'Uden cyklus', body: 'Lone Kirkegaard ringede.', occurred_at: '2026-01-21T10:00:00.000Z' });
    const trashed = await callOrThrow(db, 'notes:create', { project_id: seeded.projectId, cycle_id: one, title: 'Slettes', body: 'Væk.', occurred_at: '2025-09-01T10:00:00.000Z' });
    // A reflection of cycle 2 that cites events of cycles 1 and 3, one without a cycle and one in the trash.
    const reflection = first<{ id: string }>(`SELECT id FROM reflections WHERE cycle_id = ? AND deleted_at IS NULL ORDER BY written_at LIMIT 1`, two);
    const noteOfOne = first<{ id: string; body: string }>(`SELECT id, body FROM field_notes WHERE cycle_id = ? AND deleted_at IS NULL ORDER BY occurred_at LIMIT 1`, one);
    const turnOfThree = first<{ id: string }>(`SELECT t.id FROM dialogue_turns t JOIN dialogues d ON d.id = t.dialogue_id WHERE d.cycle_id = ? ORDER BY t.position LIMIT 1`, three);
    const dialogueOfOne = first<{ id: string }>(`SELECT id FROM dialogues WHERE cycle_id = ? AND deleted_at IS NULL LIMIT 1`, one);
    const entryOfOne = first<{ id: string }>(`SELECT id FROM phase_entries WHERE cycle_id = ? AND deleted_at IS NULL LIMIT 1`, one);
    const reflectionOfThree = first<{ id: string }>(`SELECT id FROM reflections WHERE cycle_id = ? AND deleted_at IS NULL LIMIT 1`, three);
    expect([reflection, noteOfOne, turnOfThree, dialogueOfOne, entryOfOne, reflectionOfThree].every(Boolean)).toBe(true);
    const passage = [...noteOfOne.body].slice(0, 12).join('');
    const cite = (target_type: string, target_id: string, excerpt?: { start: number; end: number; text: string }) =>
      callOrThrow(db, 'links:add', { reflection_id: reflection.id, target_type: target_type as 'turn', target_id, ...(excerpt ? { excerpt } : {}) });
    await cite('field_note', noteOfOne.id, { start: 0, end: [...passage].length, text: passage });
    await cite('turn', turnOfThree.id);
    await cite('dialogue', dialogueOfOne.id);
    await cite('phase_entry', entryOfOne.id);
    await cite('reflection', reflectionOfThree.id);
    await cite('field_note', loose.id);
    await cite('field_note', trashed.id);
    await callOrThrow(db, 'notes:delete', { id: trashed.id });

    const scopes = [
      { cycle_ids: [two] },
      { cycle_ids: [two], from: '2026-01-01', to: '2026-01-31' },
      { cycle_ids: [one, three] },
      { cycle_ids: [sub.id] },
      { from: '2026-01-01', to: '2026-02-28' },
      { from: '2026-01-21' },
      {},
    ];
    for (const scope of scopes) {
      for (const realNames of [false, true]) {
        const scoped = loadReportModel(db, seeded.projectId, { scope, realNames, now: NOW });
        const whole = buildReportModel(loadProjectSnapshot(db, seeded.projectId)!, { scope, realNames, now: NOW });
        expect(scoped, JSON.stringify(scope)).toEqual(whole);
      }
    }

    // The cycle-2 report quotes the evidence from elsewhere, marks it as outside the scope, and says which is gone.
    const model = loadReportModel(db, seeded.projectId, { scope: { cycle_ids: [two] } });
    expect(model.cycles.map((cycle) => cycle.number)).toEqual(['2']);
    expect(model.cycles[0]!.children.map((cycle) => cycle.title)).toEqual(['Delcyklus']);
    const evidence = allReflections(model).find((item) => item.id === reflection.id)!.evidence;
    const outside = evidence.filter((item) => !item.missing && !item.in_scope);
    expect(outside.map((item) => item.type).sort()).toEqual(['dialogue', 'field_note', 'field_note', 'phase_entry', 'reflection', 'turn']);
    expect(outside.find((item) => item.passage)?.quote).toBe(markdownToPlain(passage));
    expect(outside.find((item) => item.type === 'turn')?.speaker).toBeTruthy();
    expect(outside.find((item) => item.type === 'field_note' && !item.passage)?.quote).not.toContain('Lone');
    expect(evidence.filter((item) => item.missing)).toHaveLength(1);
  });
});
describe('Markdown report', () => {
  it('has a heading per cycle and phase, and each reflection with its evidence quoted as > blocks', async () => {
    const { report } = await setup();
    const md = await report('md');
    expect(md.startsWith('# Fællesskaber mod ensomhed i Egeby Kommune (fiktivt eksempel)\n')).toBe(true);
    expect(md).toContain('**Names:** Pseudonymised');
    for (const cycle of demoContent.cycles) {
      const body = section(md, `\n## Cycle ${cycle.ordinal}: ${cycle.title}\n`, /\n## /);
      for (const phase of ['Plan', 'Act', 'Observe', 'Reflect']) expect(body).toContain(`\n### ${phase}\n`);
    }
    for (const reflection of demoContent.reflections) {
      const body = section(md, `\n##### ${reflection.title}\n`, /\n#{2,5} /);
      expect(body).toContain(`*${reflection.mode === 'withness' ? 'Withness' : 'Aboutness'} · Written `);
      const quotes = body.split('\n').filter((line) => line.startsWith('> — *'));
      expect(quotes).toHaveLength(reflection.links.length);
      const quoted = body.split('\n').filter((line) => line.startsWith('> '));
      for (const link of reflection.links.filter((item) => item.quote)) {
        expect(quoted.some((line) => line.includes(markdownToPlain(link.quote!).split('\n')[0]!))).toBe(true);
      }
    }
    expect(md).toContain('\n## Appendix: stakeholders\n');
    expect(md).toContain('| Pseudonym | Organisation | Role |');
    expect(md).toContain('\n## Timeline\n');
    expect(md).toMatch(/\| August 2025 \| 1 \|/);
  });

  it('never lets markup through and names no stakeholder by their real name', async () => {
    const { report, seeded } = await setup();
    const md = await report('md');
    expect(md).not.toMatch(/<(script|img|svg|iframe|a|div|b)\b/i);
    expect(md).not.toMatch(/\]\(javascript:/i);
    expect(md).toContain('&lt;script>');
    expectNoRealNames(md, seeded);
    expect(md).toContain('Birgitte fortalte, at Else og Fatima havde talt sammen');
    expect(md).toContain('> **Birgitte:** Jeg hedder Birgitte, og Else er min nabo.');
    expect(md).toContain('Comment: Søren var der også.');
  });

  it('writes real names only when asked, and says so on the front page', async () => {
    const { report, seeded } = await setup();
    const md = await report('md', { real_names: true });
    expect(md).toContain('**Names:** Contains real names');
    expect(md).toContain('| Pseudonym | Real name | Organisation | Role |');
    expect(md).toContain('| Birgitte | Lone Kirkegaard |');
    expect(md).toContain('> **Lone Kirkegaard:** Jeg hedder Lone, og Inger Margrethe Dahl er min nabo.');
    expect(realNamesIn(md, realNameTerms(seeded)).length).toBeGreaterThan(10);
  });

  it('speaks Danish when asked', async () => {
    const { report } = await setup();
    const md = await report('md', { language: 'da' });
    expect(md).toContain('\n## Cyklus 1: ');
    expect(md).toContain('\n### Planlæg\n');
    expect(md).toContain('**Navne:** Pseudonymiseret');
    expect(md).toContain('\n## Bilag: interessenter\n');
  });
});

describe('HTML report', () => {
  it('is one self-contained file: inline style only, no script, nothing loaded from outside', async () => {
    const { report } = await setup();
    const html = await report('html');
    const document = parse(html);
    expect(document.querySelectorAll('style')).toHaveLength(1);
    expect(document.querySelectorAll('script, link, img, iframe, object, embed, svg, math, form, base, video, audio, source')).toHaveLength(0);
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(attribute.name.startsWith('on'), `${element.tagName} ${attribute.name}`).toBe(false);
        expect(attribute.name, element.tagName).not.toBe('style');
        expect(attribute.name, element.tagName).not.toBe('src');
      }
    }
    for (const link of document.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^#[\w-]+$/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/(src|href|action)\s*=\s*["']?\s*(https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toContain("default-src 'none'");
    // A print stylesheet with page breaks between cycles.
    expect(document.querySelector('style')!.textContent).toMatch(/@media print[\s\S]*section\.cycle--top[^{]*\{[^}]*break-before: page/);
  });

  it('has headings per cycle and phase, each reflection with its quoted evidence', async () => {
    const { report } = await setup();
    const html = await report('html');
    const document = parse(html);
    const cycles = [...document.querySelectorAll('section.cycle')];
    expect(cycles.map((cycle) => cycle.querySelector('h2')!.textContent)).toEqual(demoContent.cycles.map((cycle) => `Cycle ${cycle.ordinal}: ${cycle.title}`));
    for (const cycle of cycles) expect([...cycle.querySelectorAll(':scope > section.phase > h3')].map((h) => h.textContent)).toEqual(['Plan', 'Act', 'Observe', 'Reflect']);
    const articles = [...document.querySelectorAll('article.reflection')];
    for (const reflection of demoContent.reflections) {
      const article = articles.find((item) => item.querySelector('h5')!.textContent === reflection.title)!;
      expect(article, reflection.title).toBeTruthy();
      const figures = [...article.querySelectorAll('figure.evidence')];
      expect(figures).toHaveLength(reflection.links.length);
      for (const link of reflection.links.filter((item) => item.quote)) {
        expect(figures.some((figure) => figure.querySelector('blockquote')!.textContent!.includes(markdownToPlain(link.quote!).split('\n')[0]!))).toBe(true);
      }
      for (const link of reflection.links.filter((item) => item.comment)) expect(article.textContent).toContain(link.comment);
    }
    expect(document.querySelector('#appendix table')).toBeTruthy();
    expect(document.querySelector('#timeline table')).toBeTruthy();
  });

  it('renders hostile note, turn and reflection text inert, and pseudonymised', async () => {
    const { report, seeded } = await setup();
    const html = await report('html');
    const document = parse(html);
    const hostile = [...document.querySelectorAll('article.reflection')].find((item) => item.querySelector('h5')!.textContent!.startsWith('Efter mødet med'))!;
    // The title is text, not markup; the body's markup is gone, its words stay.
    expect(hostile.querySelector('h5')!.textContent).toBe('Efter mødet med Poul <script>alert(9)</script>');
    expect(hostile.querySelector('.body')!.textContent).toContain('ond link');
    expect(hostile.querySelector('.body')!.textContent).toContain('klik her');
    expect(hostile.querySelector('.body h6')!.textContent).toBe('Hvad Fatima sagde');
    const turnQuote = [...hostile.querySelectorAll('figure.evidence')].find((figure) => figure.querySelector('.speaker'))!;
    expect(turnQuote.querySelector('.speaker')!.textContent).toBe('Birgitte:');
    expect(turnQuote.querySelector('blockquote')!.textContent).toContain('Jeg hedder Birgitte, og Else er min nabo.');
    expect(turnQuote.querySelectorAll('script, img')).toHaveLength(0);
    // The note's title is quoted as text.
    expect(hostile.textContent).toContain('Field note “Samtale med Birgitte <b onmouseover="alert(7)">x</b>”');
    expectNoRealNames(document.body.textContent ?? '', seeded);
    expectNoRealNames(html, seeded);
  });

  it('keeps real names when asked', async () => {
    const { report } = await setup();
    const html = await report('html', { real_names: true });
    const document = parse(html);
    expect(document.querySelector('.badge--real')!.textContent).toBe('Contains real names');
    expect(document.querySelector('#appendix')!.textContent).toContain('Lone Kirkegaard');
  });
});

describe('sanitizer for exported HTML', () => {
  it('removes scripts, handlers, javascript: links, SVG payloads, frames, styles and external resources', () => {
    const html = markdownToSafeHtml(HOSTILE);
    const document = parse(`<body>${html}</body>`);
    expect(document.querySelectorAll('script, svg, img, iframe, a, style, div')).toHaveLength(0);
    for (const element of document.querySelectorAll('*')) expect(element.attributes).toHaveLength(0);
    expect(html).not.toMatch(/alert\(|javascript:|https:\/\/tracker|evil\.example\/"/);
    expect(document.body.textContent).toContain('ond link');
    expect(document.body.textContent).toContain('[sporing]');
    const more = markdownToSafeHtml('<math><mi xlink:href="javascript:alert(1)">x</mi></math><details open ontoggle=alert(1)>y</details><form action="https://x"><button formaction="javascript:alert(1)">z</button></form>');
    expect(more).not.toMatch(/<(math|details|form|button)|javascript:|ontoggle|action=/i);
  });

  it('keeps the structure of ordinary Markdown and moves headings below the report’s own', () => {
    const html = markdownToSafeHtml('## Overskrift\n\nTekst med **fed** og *kursiv*.\n\n- et\n- to\n\n> citat\n\n### Under', 4);
    expect(html).toContain('<h4>Overskrift</h4>');
    expect(html).toContain('<h5>Under</h5>');
    expect(html).toContain('<strong>fed</strong>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<blockquote>');
    expect(markdownForReport('## Top\n\n### Next\n\n```\n# not a heading\n```\n<script>x</script>', 4)).toBe('#### Top\n\n##### Next\n\n```\n# not a heading\n```\n&lt;script>x&lt;/script>');
  });
});
