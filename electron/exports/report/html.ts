import { labelsFor, phaseIsEmpty } from './labels.js';
import type { ReportCycle, ReportEvidence, ReportModel, ReportPhase, ReportReflection } from './model.js';
import { escapeHtml as e, markdownToSafeHtml } from './sanitize.js';
import { joinLines, joinLinesToUtf8 } from './pieces.js';
import { formatMonth } from './text.js';

/**
 * One self-contained file: inline CSS in a <style> element, no script, nothing loaded from anywhere
 * (a Content-Security-Policy in the file says so too), every piece of the researcher's text escaped or
 * sanitized. Printing it gives the PDF: each top-level cycle starts on a new page.
 */
const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --soft: #59636e; --line: #d8dee4; --accent: #5b4b8a; --quote: #f6f4fb;
  --plan: #2f6f9f; --act: #b0622b; --observe: #2e7d5b; --reflect: #7a4fa0; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; background: #fff; color: var(--ink); font: 1rem/1.6 Georgia, 'DejaVu Serif', 'Times New Roman', serif; }
.report { max-width: 46rem; margin: 0 auto; padding: 3rem 1.5rem 4rem; }
h1, h2, h3, h4, h5, h6, .meta, .eyebrow, table, figcaption, nav, .badge { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 0.25rem 0 1rem; }
h2 { font-size: 1.6rem; line-height: 1.25; margin: 3rem 0 0.5rem; padding-top: 0.5rem; border-top: 3px solid var(--accent); }
h3 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; color: var(--soft); text-transform: uppercase; letter-spacing: 0.04em; }
h5 { font-size: 1.1rem; margin: 1.25rem 0 0.25rem; }
h6 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.body h4, .body h5, .body h6 { text-transform: none; letter-spacing: 0; color: var(--ink); }
p { margin: 0 0 0.8rem; }
.eyebrow { color: var(--accent); font-size: 0.85rem; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; margin: 0; }
.meta { color: var(--soft); font-size: 0.875rem; margin: 0 0 0.75rem; }
.front { border-bottom: 1px solid var(--line); padding-bottom: 1.5rem; margin-bottom: 1.5rem; }
.front dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; margin: 1rem 0 0; }
.front dt { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; font-weight: 700; font-size: 0.875rem; color: var(--soft); }
.front dd { margin: 0; }
.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.8rem; font-weight: 700; background: #e6f4ea; color: #1e5b31; }
.badge--real { background: #fde7e7; color: #8a1c1c; }
.notice { font-style: italic; color: var(--soft); }
nav ol { padding-left: 1.25rem; margin: 0.5rem 0 0; font-size: 0.95rem; }
nav ol ol { padding-left: 1.25rem; }
nav a { color: var(--ink); }
.modes { padding-left: 1.25rem; }
.phase { border-left: 4px solid var(--line); padding-left: 1rem; margin: 1.5rem 0; }
.phase--plan { border-color: var(--plan); } .phase--act { border-color: var(--act); }
.phase--observe { border-color: var(--observe); } .phase--reflect { border-color: var(--reflect); }
.phase > h3 { margin-top: 0; }
.entry { margin: 0 0 1.25rem; }
.reflection { margin: 1.25rem 0 1.75rem; }
.mode { font-weight: 700; color: var(--accent); }
.evidence { margin: 0.75rem 0 1rem; }
.evidence blockquote { margin: 0; padding: 0.6rem 1rem; background: var(--quote); border-left: 3px solid var(--accent); font-style: italic; }
.evidence blockquote p:last-child { margin-bottom: 0; }
.evidence .speaker { font-style: normal; font-weight: 700; }
.evidence figcaption { color: var(--soft); font-size: 0.8rem; margin-top: 0.35rem; }
.evidence--missing blockquote { background: #f4f4f4; border-color: #999; }
.comment { font-size: 0.95rem; margin: 0.25rem 0 0; }
.summaries { padding-left: 1.25rem; }
.summaries li { margin-bottom: 0.6rem; }
.summaries .line { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; font-size: 0.9rem; }
.empty { color: var(--soft); font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; font-size: 0.875rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
th { border-bottom: 2px solid var(--ink); }
td.number, th.number { text-align: right; }
.body pre { white-space: pre-wrap; background: #f6f8fa; padding: 0.5rem; }
.body blockquote { margin: 0 0 0.8rem; padding-left: 1rem; border-left: 3px solid var(--line); color: var(--soft); }
footer { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: 0.75rem; color: var(--soft); font-size: 0.85rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  html { font-size: 11pt; }
  .report { max-width: none; padding: 0; }
  section.cycle--top, section.appendix, section.timeline, section.outside { break-before: page; }
  h2 { margin-top: 0; }
  h2, h3, h4, h5 { break-after: avoid; }
  .evidence, tr, .entry > .meta { break-inside: avoid; }
  nav a { text-decoration: none; }
}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function anchor(cycle: ReportCycle): string {
  return `cycle-${cycle.number.replace(/\./g, '-')}`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .filter((line) => line.trim())
    .map((line) => `<p>${e(line)}</p>`)
    .join('');
}

export function renderHtmlReport(model: ReportModel): string {
  return joinLines((write) => writeHtmlReport(model, write));
}

/** The same bytes as Buffer.from(renderHtmlReport(model)), without holding the whole string (see pieces.ts). */
export function renderHtmlReportBuffer(model: ReportModel, chunkChars?: number): Buffer {
  return joinLinesToUtf8((write) => writeHtmlReport(model, write), chunkChars);
}

function writeHtmlReport(model: ReportModel, write: (part: string) => void): void {
  const l = labelsFor(model);
  const { t } = l;
  const push = (...parts: string[]) => {
    for (const part of parts) write(part);
  };

  const evidence = (item: ReportEvidence) => {
    if (item.missing) {
      push(`<figure class="evidence evidence--missing"><blockquote><p>${e(t(item.withdrawn ? 'withdrawnEvidence' : 'missingEvidence'))}</p></blockquote>`);
    } else {
      const [first = '', ...rest] = item.quote.split(/\n+/).filter((line) => line.trim());
      const speaker = item.speaker ? `<span class="speaker">${e(item.speaker)}:</span> ` : '';
      push(
        `<figure class="evidence"><blockquote><p>${speaker}${e(first)}</p>${paragraphs(rest.join('\n'))}</blockquote>`,
        `<figcaption>${e(l.evidenceLabel(item))}</figcaption>`,
      );
    }
    if (item.comment) push(`<p class="comment"><strong>${e(t('comment'))}:</strong> ${e(item.comment)}</p>`);
    push('</figure>');
  };

  const reflection = (item: ReportReflection) => {
    push(`<article class="reflection"><h5>${e(l.reflectionTitle(item))}</h5>`);
    push(
      `<p class="meta"><span class="mode">${e(item.mode === 'withness' ? t('modeWithness') : t('modeAboutness'))}</span> · ${e(t('written'))} ${e(l.day(item.written_at))}</p>`,
    );
    if (item.body.trim()) push(`<div class="body">${markdownToSafeHtml(item.body, 6)}</div>`);
    push(`<h6>${e(t('evidence'))}</h6>`);
    if (item.evidence.length === 0) push(`<p class="empty">${e(t('noEvidence'))}</p>`);
    for (const piece of item.evidence) evidence(piece);
    push('</article>');
  };

  const phase = (block: ReportPhase) => {
    push(`<section class="phase phase--${block.phase ?? 'none'}"><h3>${e(l.phaseHeading(block))}</h3>`);
    if (phaseIsEmpty(block)) push(`<p class="empty">${e(t('emptyPhase'))}</p>`);
    for (const entry of block.entries) {
      const by = entry.author ? `, ${t('entryBy', { author: entry.author })}` : '';
      push(`<div class="entry"><p class="meta">${e(l.day(entry.occurred_at) + by)}</p><div class="body">${markdownToSafeHtml(entry.body, 4)}</div></div>`);
    }
    if (block.reflections.length > 0) {
      push(`<h4>${e(t('reflections'))}</h4>`);
      for (const item of block.reflections) reflection(item);
    }
    if (block.notes.length + block.dialogues.length > 0) {
      push(`<h4>${e(t('notesAndDialogues'))}</h4><ul class="summaries">`);
      for (const note of block.notes) {
        push(`<li><span class="line"><strong>${e(t('event_field_note'))}:</strong> ${e(l.noteLine(note))}</span>`);
        if (note.excerpt) push(`<br>${e(note.excerpt)}`);
        push('</li>');
      }
      if (block.more_notes > 0) push(`<li class="empty">${e(t('andMoreNotes', { count: block.more_notes }))}</li>`);
      for (const dialogue of block.dialogues) {
        push(`<li><span class="line"><strong>${e(t('event_dialogue'))}:</strong> ${e(l.dialogueLine(dialogue))}</span>`);
        if (dialogue.summary) push(`<br>${e(dialogue.summary)}`);
        if (dialogue.decisions) push(`<br><em>${e(t('decisions'))}:</em> ${e(dialogue.decisions)}`);
        if (dialogue.follow_ups) push(`<br><em>${e(t('followUps'))}:</em> ${e(dialogue.follow_ups)}`);
        push('</li>');
      }
      if (block.more_dialogues > 0) push(`<li class="empty">${e(t('andMoreDialogues', { count: block.more_dialogues }))}</li>`);
      push('</ul>');
    }
    push('</section>');
  };

  const cycle = (item: ReportCycle, top: boolean) => {
    push(`<section class="cycle${top ? ' cycle--top' : ''}" id="${anchor(item)}"><h2>${e(l.cycleHeading(item))}</h2>`);
    push(`<p class="meta">${e(l.cycleMeta(item))}</p>`);
    if (item.focus) push(`<p><strong>${e(t('focus'))}:</strong> ${e(item.focus)}</p>`);
    for (const block of item.phases) phase(block);
    push('</section>');
    for (const child of item.children) cycle(child, false);
  };

  const contentItems = (cycles: ReportCycle[]): string =>
    cycles
      .map((item) => `<li><a href="#${anchor(item)}">${e(l.cycleHeading(item))}</a>${item.children.length ? `<ol>${contentItems(item.children)}</ol>` : ''}</li>`)
      .join('');

  push(
    '<!doctype html>',
    `<html lang="${model.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="Withness">',
    `<title>${e(`${model.title} — ${t('reportSubtitle')}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="report">',
    '<header class="front">',
    `<p class="eyebrow">${e(t('reportSubtitle'))}</p>`,
    `<h1>${e(model.title)}</h1>`,
  );
  if (model.fictional) push(`<p class="notice">${e(t('fictional'))}</p>`);
  push('<dl>');
  if (model.concern) push(`<dt>${e(t('researchQuestion'))}</dt><dd>${e(model.concern)}</dd>`);
  if (model.setting) push(`<dt>${e(t('setting'))}</dt><dd>${e(model.setting)}</dd>`);
  if (model.started_on) push(`<dt>${e(t('startedOn'))}</dt><dd>${e(l.day(model.started_on))}</dd>`);
  push(`<dt>${e(t('scope'))}</dt><dd>${e(model.scope_label)}</dd>`);
  push(`<dt>${e(t('generated'))}</dt><dd>${e(l.day(model.generated_at))}</dd>`);
  push(
    `<dt>${e(t('privacy'))}</dt><dd><span class="badge${model.pseudonymised ? '' : ' badge--real'}">${e(l.privacy())}</span> ${e(l.privacyNote())}</dd>`,
  );
  push('</dl>', '</header>');

  push(`<nav aria-labelledby="contents"><h2 id="contents">${e(t('contents'))}</h2><ol>`);
  push(contentItems(model.cycles));
  if (model.outside.length > 0) push(`<li><a href="#outside">${e(t('outsideCycles'))}</a></li>`);
  push(`<li><a href="#appendix">${e(t('appendix'))}</a></li><li><a href="#timeline">${e(t('timeline'))}</a></li></ol></nav>`);

  push(`<section class="intro"><h2>${e(t('introduction'))}</h2><p>${e(t('introBody'))}</p>`);
  push(
    `<h3>${e(t('modesHeading'))}</h3><ul class="modes"><li><strong>${e(t('modeWithness'))}</strong>: ${e(t('modeWithnessExplained'))}</li>`,
    `<li><strong>${e(t('modeAboutness'))}</strong>: ${e(t('modeAboutnessExplained'))}</li></ul></section>`,
  );

  push('<main>');
  if (model.cycles.length === 0 && model.outside.length === 0) push(`<p class="empty">${e(t('emptyReport'))}</p>`);
  for (const item of model.cycles) cycle(item, true);
  if (model.outside.length > 0) {
    push(`<section class="outside" id="outside"><h2>${e(t('outsideCycles'))}</h2><p>${e(t('outsideCyclesIntro'))}</p>`);
    for (const block of model.outside) phase(block);
    push('</section>');
  }
  push('</main>');

  push(`<section class="appendix" id="appendix"><h2>${e(t('appendix'))}</h2><p>${e(t('appendixIntro'))}</p>`);
  if (model.stakeholders.length === 0) push(`<p class="empty">${e(t('appendixEmpty'))}</p>`);
  const realNames = !model.pseudonymised;
  for (const group of model.stakeholders) {
    push(`<h3>${e(l.sector(group.sector))}</h3><table><thead><tr><th scope="col">${e(t('pseudonym'))}</th>`);
    if (realNames) push(`<th scope="col">${e(t('realName'))}</th>`);
    push(`<th scope="col">${e(t('organisation'))}</th><th scope="col">${e(t('role'))}</th></tr></thead><tbody>`);
    for (const person of group.people) {
      push(`<tr><th scope="row">${e(person.name)}</th>`);
      if (realNames) push(`<td>${e(person.real_name ?? '')}</td>`);
      push(`<td>${e(person.organisation)}</td><td>${e(person.role)}</td></tr>`);
    }
    push('</tbody></table>');
  }
  push('</section>');

  push(`<section class="timeline" id="timeline"><h2>${e(t('timeline'))}</h2><p>${e(t('timelineIntro'))}</p>`);
  if (model.timeline.length === 0) push(`<p class="empty">${e(t('timelineEmpty'))}</p>`);
  else {
    push(
      `<table><thead><tr><th scope="col">${e(t('month'))}</th><th scope="col">${e(t('cycles'))}</th>`,
      `<th scope="col" class="number">${e(t('fieldNotes'))}</th><th scope="col" class="number">${e(t('dialogues'))}</th>`,
      `<th scope="col" class="number">${e(t('reflections'))}</th><th scope="col">${e(t('happened'))}</th></tr></thead><tbody>`,
    );
    for (const month of model.timeline) {
      const happened = [...month.highlights, ...(month.more_highlights > 0 ? [t('andMore', { count: month.more_highlights })] : [])];
      push(
        `<tr><th scope="row">${e(formatMonth(month.month, model.language))}</th><td>${e(month.cycles.join(', '))}</td>`,
        `<td class="number">${month.field_notes}</td><td class="number">${month.dialogues}</td><td class="number">${month.reflections}</td>`,
        `<td>${happened.map((item) => e(item)).join('<br>')}</td></tr>`,
      );
    }
    push('</tbody></table>');
  }
  push('</section>');
  push(`<footer><p>${e(t('footer', { date: l.day(model.generated_at) }))}</p></footer>`);
  push('</div>', '</body>', '</html>', '');
}
