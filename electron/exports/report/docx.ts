import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { marked, type Token, type Tokens } from 'marked';
import { labelsFor, phaseIsEmpty } from './labels.js';
import type { ReportCycle, ReportEvidence, ReportModel, ReportPhase, ReportReflection } from './model.js';
import { topHeadingLevel } from './sanitize.js';
import { formatMonth } from './text.js';

type Block = Paragraph | Table;
type Heading = (typeof HeadingLevel)[keyof typeof HeadingLevel];
const HEADINGS: Heading[] = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

const QUOTE_STYLE = 'Quote';
const SOURCE_STYLE = 'EvidenceSource';
const META_STYLE = 'Meta';
const ORDERED = 'ordered-list';

interface RunFormat {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  code?: boolean;
}

function run(text: string, format: RunFormat = {}): TextRun {
  return new TextRun({
    text,
    bold: format.bold,
    italics: format.italics,
    strike: format.strike,
    font: format.code ? 'Courier New' : undefined,
  });
}

/** Inline Markdown tokens as Word runs: bold, italics, strike-through and code kept; links as text with their address. */
function inlineRuns(tokens: Token[] | undefined, format: RunFormat = {}): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        runs.push(...inlineRuns((token as Tokens.Strong).tokens, { ...format, bold: true }));
        break;
      case 'em':
        runs.push(...inlineRuns((token as Tokens.Em).tokens, { ...format, italics: true }));
        break;
      case 'del':
        runs.push(...inlineRuns((token as Tokens.Del).tokens, { ...format, strike: true }));
        break;
      case 'codespan':
        runs.push(run(decode((token as Tokens.Codespan).text), { ...format, code: true }));
        break;
      case 'br':
        runs.push(new TextRun({ text: '', break: 1 }));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        runs.push(...inlineRuns(link.tokens, format));
        const text = link.tokens.map((inner) => inner.raw).join('');
        if (link.href && link.href !== text && !link.href.startsWith('#')) runs.push(run(` (${link.href})`, format));
        break;
      }
      case 'image':
        if ((token as Tokens.Image).text) runs.push(run(`[${(token as Tokens.Image).text}]`, format));
        break;
      case 'html':
        // Raw HTML is never interpreted; inline tags are dropped and their text kept.
        break;
      case 'escape':
        runs.push(run((token as Tokens.Escape).text, format));
        break;
      default: {
        const withTokens = token as Token & { tokens?: Token[]; text?: string };
        if (withTokens.tokens && withTokens.tokens.length > 0) runs.push(...inlineRuns(withTokens.tokens, format));
        else runs.push(run(decode(withTokens.text ?? token.raw), format));
      }
    }
  }
  return runs;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The researcher's Markdown as Word paragraphs: real headings (below the report's own), bulleted and
 * numbered lists, quotes in the Quote style, tables as tables.
 */
class MarkdownToDocx {
  private lists = 0;

  blocks(markdown: string, headingFloor: number, quote = false): Block[] {
    // The text's highest heading becomes level headingFloor, below the report's own headings.
    return this.walk(marked.lexer(markdown, { gfm: true, breaks: true }), headingFloor - topHeadingLevel(markdown) + 1, quote);
  }

  private walk(tokens: Token[], headingFloor: number, quote: boolean, depth = 0): Block[] {
    const out: Block[] = [];
    const style = quote ? QUOTE_STYLE : undefined;
    for (const token of tokens) {
      switch (token.type) {
        case 'space':
          break;
        case 'heading': {
          const heading = token as Tokens.Heading;
          out.push(new Paragraph({ heading: HEADINGS[Math.max(0, Math.min(5, heading.depth + headingFloor - 2))], children: inlineRuns(heading.tokens) }));
          break;
        }
        case 'paragraph':
          out.push(new Paragraph({ style, children: inlineRuns((token as Tokens.Paragraph).tokens) }));
          break;
        case 'blockquote':
          out.push(...this.walk((token as Tokens.Blockquote).tokens, headingFloor, true, depth));
          break;
        case 'list': {
          const list = token as Tokens.List;
          const instance = ++this.lists;
          for (const item of list.items) {
            const inline: Token[] = [];
            const nested: Token[] = [];
            for (const part of item.tokens) (part.type === 'list' ? nested : inline).push(part);
            const children = inline.flatMap((part, index) => {
              const withTokens = part as Token & { tokens?: Token[] };
              const runs = withTokens.tokens ? inlineRuns(withTokens.tokens) : [run(decode(part.raw))];
              return index > 0 ? [new TextRun({ text: '', break: 1 }), ...runs] : runs;
            });
            out.push(
              new Paragraph({
                style,
                children,
                ...(list.ordered
                  ? { numbering: { reference: ORDERED, level: Math.min(depth, 8), instance } }
                  : { bullet: { level: Math.min(depth, 8) } }),
              }),
            );
            if (nested.length > 0) out.push(...this.walk(nested, headingFloor, quote, depth + 1));
          }
          break;
        }
        case 'code':
          for (const line of (token as Tokens.Code).text.split('\n')) out.push(new Paragraph({ style, children: [run(line, { code: true })] }));
          break;
        case 'table': {
          const table = token as Tokens.Table;
          out.push(
            simpleTable(
              table.header.map((cell) => inlineRuns(cell.tokens)),
              table.rows.map((row) => row.map((cell) => inlineRuns(cell.tokens))),
            ),
          );
          break;
        }
        case 'hr':
          out.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'AAAAAA', space: 1 } } }));
          break;
        case 'html':
          if ((token as Tokens.HTML).text.replace(/<[^>]*>/g, '').trim()) {
            out.push(new Paragraph({ style, children: [run(decode((token as Tokens.HTML).text.replace(/<[^>]*>/g, '').trim()))] }));
          }
          break;
        default: {
          const withTokens = token as Token & { tokens?: Token[]; text?: string };
          out.push(new Paragraph({ style, children: withTokens.tokens ? inlineRuns(withTokens.tokens) : [run(withTokens.text ?? token.raw)] }));
        }
      }
    }
    return out;
  }
}

function simpleTable(header: ParagraphChild[][], rows: ParagraphChild[][][], numeric: number[] = []): Table {
  const cell = (children: ParagraphChild[], index: number) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: numeric.includes(index) ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children,
        }),
      ],
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((children, index) => cell(children, index)) }),
      ...rows.map((row) => new TableRow({ children: row.map((children, index) => cell(children, index)) })),
    ],
  });
}

const text = (value: string, format: RunFormat = {}) => [run(value, format)];

/** The report as a Word document with real headings, quote-styled evidence, bulleted lists and tables. */
export async function renderDocxReport(model: ReportModel): Promise<Buffer> {
  const l = labelsFor(model);
  const { t } = l;
  const markdown = new MarkdownToDocx();
  const body: Block[] = [];
  const para = (children: ParagraphChild[], options: { style?: string; heading?: Heading; pageBreakBefore?: boolean } = {}) =>
    body.push(new Paragraph({ children, ...options }));

  // Front matter.
  body.push(new Paragraph({ heading: HeadingLevel.TITLE, children: text(model.title) }));
  para(text(t('reportSubtitle'), { italics: true }), { style: META_STYLE });
  if (model.fictional) para(text(t('fictional'), { italics: true }));
  const field = (label: string, value: string) => para([run(`${label}: `, { bold: true }), run(value)]);
  if (model.concern) field(t('researchQuestion'), model.concern);
  if (model.setting) field(t('setting'), model.setting);
  if (model.started_on) field(t('startedOn'), l.day(model.started_on));
  field(t('scope'), model.scope_label);
  field(t('generated'), l.day(model.generated_at));
  para([run(`${t('privacy')}: `, { bold: true }), run(l.privacy(), { bold: true }), run(` — ${l.privacyNote()}`)]);

  para(text(t('introduction')), { heading: HeadingLevel.HEADING_1 });
  para(text(t('introBody')));
  para(text(t('modesHeading')), { heading: HeadingLevel.HEADING_2 });
  body.push(new Paragraph({ bullet: { level: 0 }, children: [run(`${t('modeWithness')}: `, { bold: true }), run(t('modeWithnessExplained'))] }));
  body.push(new Paragraph({ bullet: { level: 0 }, children: [run(`${t('modeAboutness')}: `, { bold: true }), run(t('modeAboutnessExplained'))] }));
  if (model.cycles.length === 0 && model.outside.length === 0) para(text(t('emptyReport'), { italics: true }));

  const evidence = (item: ReportEvidence) => {
    if (item.missing) {
      para(text(t(item.withdrawn ? 'withdrawnEvidence' : 'missingEvidence')), { style: QUOTE_STYLE });
    } else {
      item.quote
        .split(/\n+/)
        .filter((line) => line.trim())
        .forEach((line, index) => {
          const runs = index === 0 && item.speaker ? [run(`${item.speaker}: `, { bold: true }), run(line)] : [run(line)];
          para(runs, { style: QUOTE_STYLE });
        });
      para(text(`— ${l.evidenceLabel(item)}`), { style: SOURCE_STYLE });
    }
    if (item.comment) para([run(`${t('comment')}: `, { bold: true }), run(item.comment)]);
  };

  const reflection = (item: ReportReflection) => {
    para(text(l.reflectionTitle(item)), { heading: HeadingLevel.HEADING_4 });
    para(text(l.reflectionMeta(item)), { style: META_STYLE });
    if (item.body.trim()) body.push(...markdown.blocks(item.body, 5));
    para(text(t('evidence')), { heading: HeadingLevel.HEADING_5 });
    if (item.evidence.length === 0) para(text(t('noEvidence'), { italics: true }));
    for (const piece of item.evidence) evidence(piece);
  };

  const phase = (block: ReportPhase) => {
    para(text(l.phaseHeading(block)), { heading: HeadingLevel.HEADING_2 });
    if (phaseIsEmpty(block)) para(text(t('emptyPhase'), { italics: true }));
    for (const entry of block.entries) {
      const by = entry.author ? `, ${t('entryBy', { author: entry.author })}` : '';
      para(text(l.day(entry.occurred_at) + by), { style: META_STYLE });
      body.push(...markdown.blocks(entry.body, 3));
    }
    if (block.reflections.length > 0) {
      para(text(t('reflections')), { heading: HeadingLevel.HEADING_3 });
      for (const item of block.reflections) reflection(item);
    }
    if (block.notes.length + block.dialogues.length > 0) {
      para(text(t('notesAndDialogues')), { heading: HeadingLevel.HEADING_3 });
      const item = (label: string, line: string, extra: [string, string][]) => {
        const children: ParagraphChild[] = [run(`${label}: `, { bold: true }), run(line)];
        for (const [name, value] of extra) {
          if (!value) continue;
          children.push(new TextRun({ text: '', break: 1 }));
          if (name) children.push(run(`${name}: `, { italics: true }));
          children.push(run(value));
        }
        body.push(new Paragraph({ bullet: { level: 0 }, children }));
      };
      for (const note of block.notes) item(t('event_field_note'), l.noteLine(note), [['', note.excerpt]]);
      if (block.more_notes > 0) body.push(new Paragraph({ bullet: { level: 0 }, children: text(t('andMoreNotes', { count: block.more_notes }), { italics: true }) }));
      for (const dialogue of block.dialogues) {
        item(t('event_dialogue'), l.dialogueLine(dialogue), [
          ['', dialogue.summary],
          [t('decisions'), dialogue.decisions],
          [t('followUps'), dialogue.follow_ups],
        ]);
      }
      if (block.more_dialogues > 0) {
        body.push(new Paragraph({ bullet: { level: 0 }, children: text(t('andMoreDialogues', { count: block.more_dialogues }), { italics: true }) }));
      }
    }
  };

  const cycle = (item: ReportCycle, top: boolean) => {
    para(text(l.cycleHeading(item)), { heading: HeadingLevel.HEADING_1, pageBreakBefore: top });
    para(text(l.cycleMeta(item)), { style: META_STYLE });
    if (item.focus) para([run(`${t('focus')}: `, { bold: true }), run(item.focus)]);
    for (const block of item.phases) phase(block);
    for (const child of item.children) cycle(child, false);
  };
  for (const item of model.cycles) cycle(item, true);
  if (model.outside.length > 0) {
    para(text(t('outsideCycles')), { heading: HeadingLevel.HEADING_1, pageBreakBefore: true });
    para(text(t('outsideCyclesIntro')));
    for (const block of model.outside) phase(block);
  }

  // Appendix: stakeholders by sector, one table per sector.
  para(text(t('appendix')), { heading: HeadingLevel.HEADING_1, pageBreakBefore: true });
  para(text(t('appendixIntro')));
  if (model.stakeholders.length === 0) para(text(t('appendixEmpty'), { italics: true }));
  const realNames = !model.pseudonymised;
  for (const group of model.stakeholders) {
    para(text(l.sector(group.sector)), { heading: HeadingLevel.HEADING_2 });
    const header = [t('pseudonym'), ...(realNames ? [t('realName')] : []), t('organisation'), t('role')].map((label) => text(label, { bold: true }));
    const rows = group.people.map((person) =>
      [person.name, ...(realNames ? [person.real_name ?? ''] : []), person.organisation, person.role].map((value, index) => text(value, { bold: index === 0 })),
    );
    body.push(simpleTable(header, rows));
    para([]);
  }

  para(text(t('timeline')), { heading: HeadingLevel.HEADING_1 });
  para(text(t('timelineIntro')));
  if (model.timeline.length === 0) para(text(t('timelineEmpty'), { italics: true }));
  else {
    const header = [t('month'), t('cycles'), t('fieldNotes'), t('dialogues'), t('reflections'), t('happened')].map((label) => text(label, { bold: true }));
    const rows = model.timeline.map((month) => {
      const happened = [...month.highlights, ...(month.more_highlights > 0 ? [t('andMore', { count: month.more_highlights })] : [])].join('; ');
      return [formatMonth(month.month, model.language), month.cycles.join(', '), String(month.field_notes), String(month.dialogues), String(month.reflections), happened].map(
        (value) => text(value),
      );
    });
    body.push(simpleTable(header, rows, [2, 3, 4]));
  }
  para(text(t('footer', { date: l.day(model.generated_at) }), { italics: true }), { style: META_STYLE });

  const document = new Document({
    creator: 'Withness',
    title: `${model.title} — ${t('reportSubtitle')}`,
    description: `${t('reportSubtitle')} (${l.privacy()})`,
    styles: {
      default: { document: { run: { font: 'Georgia', size: 22 } } },
      paragraphStyles: [
        {
          id: QUOTE_STYLE,
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true, color: '3B3355' },
          paragraph: {
            indent: { left: 567, right: 567 },
            spacing: { before: 60, after: 60 },
            border: { left: { style: BorderStyle.SINGLE, size: 18, color: '5B4B8A', space: 8 } },
            shading: { fill: 'F6F4FB' },
          },
        },
        {
          id: SOURCE_STYLE,
          name: 'Evidence source',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 18, color: '59636E' },
          paragraph: { indent: { left: 567 }, spacing: { after: 160 } },
        },
        {
          id: META_STYLE,
          name: 'Meta',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 18, color: '59636E' },
          paragraph: { spacing: { after: 120 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
