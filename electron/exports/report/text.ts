import { format, parseISO } from 'date-fns';
import { da, enGB } from 'date-fns/locale';
import { marked, type Token, type Tokens } from 'marked';

/** The language of a report's own words (headings, labels); the researcher's text is kept as written. */
export type ReportLanguage = 'en' | 'da';

const en = {
  reportSubtitle: 'Reflection report',
  researchQuestion: 'Research question',
  setting: 'Setting',
  startedOn: 'Started',
  scope: 'Scope',
  generated: 'Generated',
  privacy: 'Names',
  pseudonymised: 'Pseudonymised',
  pseudonymisedNote: 'Stakeholders appear under their pseudonyms, as speakers and inside the text.',
  consentNote: 'Where a person’s consent does not allow quoting, their words are not quoted here and a note in brackets says so.',
  realNames: 'Contains real names',
  realNamesNote: 'This report contains the real names of stakeholders. Share it only with people allowed to see them.',
  fictional: 'This is a fictional example inquiry.',
  scopeProject: 'The whole inquiry',
  scopeCycles: 'Cycles {{list}}',
  scopeFrom: 'from {{date}}',
  scopeTo: 'until {{date}}',
  contents: 'Contents',
  introduction: 'How to read this report',
  introBody:
    'The report follows the inquiry cycle by cycle, with sub-cycles inside their cycle, through the four phases plan, act, observe and reflect. ' +
    'Each phase shows what was written in it, then the reflections written in it. Under each reflection, the events that prompted it are quoted in place: ' +
    'the passage that was linked, or the beginning of the whole event, with its date, cycle and phase, and who spoke for a turn of a dialogue. ' +
    'Field notes and dialogues of the phase are summarised after the reflections. Stakeholders are listed by sector in the appendix, followed by a timeline.',
  modesHeading: 'Two ways of thinking',
  modeWithness: 'Withness',
  modeAboutness: 'Aboutness',
  modeWithnessExplained:
    'thinking from within a relationship: what it was like to be in it, and how it moved the writer (after John Shotter’s “withness-thinking”).',
  modeAboutnessExplained: 'thinking about a situation from outside: describing, explaining and judging it.',
  cycle: 'Cycle {{number}}',
  cycleStatus_open: 'open',
  cycleStatus_closed: 'closed',
  focus: 'Focus',
  period: 'Period',
  phase_plan: 'Plan',
  phase_act: 'Act',
  phase_observe: 'Observe',
  phase_reflect: 'Reflect',
  phase_none: 'Not tied to a phase',
  outsideCycles: 'Outside the cycles',
  outsideCyclesIntro: 'Events and reflections that belong to no cycle.',
  entries: 'Phase notes',
  entryBy: 'by {{author}}',
  reflections: 'Reflections',
  reflectionUntitled: 'Untitled reflection',
  mode: 'Mode',
  written: 'Written',
  evidence: 'Prompted by',
  noEvidence: 'Not linked to evidence.',
  comment: 'Comment',
  speaker: 'Speaker',
  passage: 'passage',
  wholeEvent: 'whole event',
  missingEvidence: 'A cited event that is no longer in the journal (it was moved to the trash).',
  withdrawnEvidence: 'Evidence withdrawn: the person it came from withdrew their consent, and what they said was erased.',
  outOfScope: 'outside this report’s scope',
  event_field_note: 'Field note',
  event_dialogue: 'Dialogue',
  event_turn: 'Turn',
  event_phase_entry: 'Phase note',
  event_reflection: 'Reflection',
  turnIn: 'in the dialogue “{{title}}”',
  notesAndDialogues: 'Field notes and dialogues',
  fieldNotes: 'Field notes',
  dialogues: 'Dialogues',
  with: 'with {{names}}',
  at: 'at {{place}}',
  turns_one: '{{count}} turn',
  turns_other: '{{count}} turns',
  decisions: 'Decisions',
  followUps: 'Follow-ups',
  andMoreNotes: '… and {{count}} more field notes in this phase.',
  andMoreDialogues: '… and {{count}} more dialogues in this phase.',
  emptyPhase: 'Nothing was recorded in this phase.',
  emptyReport: 'Nothing in this scope: no cycle, note, dialogue or reflection.',
  kind_workshop: 'Workshop',
  kind_meeting: 'Meeting',
  kind_interview: 'Interview',
  kind_co_creation: 'Co-creation session',
  kind_informal: 'Informal conversation',
  appendix: 'Appendix: stakeholders',
  appendixIntro: 'Everyone the inquiry involves, by sector. Confidential notes are never exported.',
  appendixEmpty: 'No stakeholders are recorded.',
  sector_public: 'Public sector',
  sector_private: 'Private sector',
  sector_voluntary: 'Voluntary sector',
  sector_citizen: 'Citizens',
  sector_researcher: 'Researchers',
  sector_other: 'Other',
  pseudonym: 'Pseudonym',
  realName: 'Real name',
  organisation: 'Organisation',
  role: 'Role',
  timeline: 'Timeline',
  timelineIntro: 'What happened month by month.',
  timelineEmpty: 'No events in this scope.',
  month: 'Month',
  cycles: 'Cycles',
  happened: 'Dialogues and reflections',
  andMore: 'and {{count}} more',
  untitled: 'Untitled',
  footer: 'Made with Withness on {{date}}.',
};

export type ReportText = typeof en;

const daText: ReportText = {
  reportSubtitle: 'Refleksionsrapport',
  researchQuestion: 'Forskningsspørgsmål',
  setting: 'Kontekst',
  startedOn: 'Startet',
  scope: 'Omfang',
  generated: 'Dannet',
  privacy: 'Navne',
  pseudonymised: 'Pseudonymiseret',
  pseudonymisedNote: 'Interessenter optræder under deres pseudonymer, både som talere og inde i teksten.',
  consentNote: 'Hvor en persons samtykke ikke tillader citater, er personens ord ikke gengivet her, og en note i klammer siger det.',
  realNames: 'Indeholder rigtige navne',
  realNamesNote: 'Rapporten indeholder interessenternes rigtige navne. Del den kun med personer, der må se dem.',
  fictional: 'Dette er en fiktiv eksempelundersøgelse.',
  scopeProject: 'Hele undersøgelsen',
  scopeCycles: 'Cyklus {{list}}',
  scopeFrom: 'fra {{date}}',
  scopeTo: 'til og med {{date}}',
  contents: 'Indhold',
  introduction: 'Sådan læses rapporten',
  introBody:
    'Rapporten følger undersøgelsen cyklus for cyklus, med delcyklusser inde i deres cyklus, gennem de fire faser planlæg, handl, observér og reflektér. ' +
    'Hver fase viser, hvad der blev skrevet i den, og derefter de refleksioner, der blev skrevet i den. Under hver refleksion citeres de begivenheder, der gav anledning til den: ' +
    'det markerede uddrag eller begyndelsen af hele begivenheden, med dato, cyklus og fase, og hvem der talte, når det er en replik i en dialog. ' +
    'Fasens feltnoter og dialoger opsummeres efter refleksionerne. Bilaget viser interessenterne efter sektor og en tidslinje.',
  modesHeading: 'To måder at tænke på',
  modeWithness: 'Withness',
  modeAboutness: 'Aboutness',
  modeWithnessExplained:
    'at tænke indefra en relation: hvordan det var at være i den, og hvordan den bevægede den, der skriver (efter John Shotters »withness-thinking«).',
  modeAboutnessExplained: 'at tænke om en situation udefra: beskrive, forklare og vurdere den.',
  cycle: 'Cyklus {{number}}',
  cycleStatus_open: 'åben',
  cycleStatus_closed: 'afsluttet',
  focus: 'Fokus',
  period: 'Periode',
  phase_plan: 'Planlæg',
  phase_act: 'Handl',
  phase_observe: 'Observér',
  phase_reflect: 'Reflektér',
  phase_none: 'Ikke knyttet til en fase',
  outsideCycles: 'Uden for cyklusserne',
  outsideCyclesIntro: 'Begivenheder og refleksioner, der ikke hører til en cyklus.',
  entries: 'Fasenoter',
  entryBy: 'af {{author}}',
  reflections: 'Refleksioner',
  reflectionUntitled: 'Refleksion uden titel',
  mode: 'Tænkemåde',
  written: 'Skrevet',
  evidence: 'Foranlediget af',
  noEvidence: 'Ikke knyttet til belæg.',
  comment: 'Kommentar',
  speaker: 'Taler',
  passage: 'uddrag',
  wholeEvent: 'hele begivenheden',
  missingEvidence: 'En citeret begivenhed, der ikke længere er i journalen (den er lagt i papirkurven).',
  withdrawnEvidence: 'Empiri trukket tilbage: personen, den kom fra, har trukket sit samtykke tilbage, og det, de sagde, er slettet.',
  outOfScope: 'uden for rapportens omfang',
  event_field_note: 'Feltnote',
  event_dialogue: 'Dialog',
  event_turn: 'Replik',
  event_phase_entry: 'Fasenote',
  event_reflection: 'Refleksion',
  turnIn: 'i dialogen »{{title}}«',
  notesAndDialogues: 'Feltnoter og dialoger',
  fieldNotes: 'Feltnoter',
  dialogues: 'Dialoger',
  with: 'med {{names}}',
  at: 'i/på {{place}}',
  turns_one: '{{count}} replik',
  turns_other: '{{count}} replikker',
  decisions: 'Beslutninger',
  followUps: 'Opfølgning',
  andMoreNotes: '… og {{count}} feltnoter mere i denne fase.',
  andMoreDialogues: '… og {{count}} dialoger mere i denne fase.',
  emptyPhase: 'Intet blev skrevet i denne fase.',
  emptyReport: 'Intet i dette omfang: ingen cyklus, note, dialog eller refleksion.',
  kind_workshop: 'Workshop',
  kind_meeting: 'Møde',
  kind_interview: 'Interview',
  kind_co_creation: 'Samskabelsesforløb',
  kind_informal: 'Uformel samtale',
  appendix: 'Bilag: interessenter',
  appendixIntro: 'Alle, undersøgelsen involverer, efter sektor. Fortrolige noter eksporteres aldrig.',
  appendixEmpty: 'Ingen interessenter er registreret.',
  sector_public: 'Offentlig sektor',
  sector_private: 'Privat sektor',
  sector_voluntary: 'Frivillig sektor',
  sector_citizen: 'Borgere',
  sector_researcher: 'Forskere',
  sector_other: 'Andre',
  pseudonym: 'Pseudonym',
  realName: 'Rigtigt navn',
  organisation: 'Organisation',
  role: 'Rolle',
  timeline: 'Tidslinje',
  timelineIntro: 'Hvad der skete måned for måned.',
  timelineEmpty: 'Ingen begivenheder i dette omfang.',
  month: 'Måned',
  cycles: 'Cyklusser',
  happened: 'Dialoger og refleksioner',
  andMore: 'og {{count}} mere',
  untitled: 'Uden titel',
  footer: 'Lavet med Withness den {{date}}.',
};

const TEXTS: Record<ReportLanguage, ReportText> = { en, da: daText };

export type TextKey = keyof ReportText;

/** A report's words in its language, with {{placeholders}} filled in. */
export function reportText(language: ReportLanguage) {
  const words = TEXTS[language];
  return (key: TextKey, values: Record<string, string | number> = {}): string =>
    words[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

export type Translate = ReturnType<typeof reportText>;

const LOCALES = { en: enGB, da };

export function formatDay(iso: string, language: ReportLanguage): string {
  return format(parseISO(iso), 'PPP', { locale: LOCALES[language] });
}

export function formatDayShort(iso: string, language: ReportLanguage): string {
  return format(parseISO(iso), 'PP', { locale: LOCALES[language] });
}

export function formatMonth(month: string, language: ReportLanguage): string {
  return format(parseISO(`${month}-01`), 'LLLL yyyy', { locale: LOCALES[language] });
}

/** Markdown as plain text (for quotes and summaries): markup removed, paragraphs kept as lines. */
export function markdownToPlain(markdown: string): string {
  const tokens = marked.lexer(markdown, { gfm: true });
  const lines: string[] = [];
  const walk = (list: Token[]) => {
    for (const token of list) {
      switch (token.type) {
        case 'space':
        case 'hr':
          break;
        case 'list':
          for (const item of (token as Tokens.List).items) lines.push(inlinePlain(item.tokens).trim());
          break;
        case 'blockquote':
          walk((token as Tokens.Blockquote).tokens);
          break;
        case 'code':
          lines.push((token as Tokens.Code).text);
          break;
        case 'table': {
          const table = token as Tokens.Table;
          lines.push(table.header.map((cell) => inlinePlain(cell.tokens)).join(' | '));
          for (const row of table.rows) lines.push(row.map((cell) => inlinePlain(cell.tokens)).join(' | '));
          break;
        }
        default: {
          const withTokens = token as Token & { tokens?: Token[]; text?: string };
          lines.push(withTokens.tokens ? inlinePlain(withTokens.tokens) : (withTokens.text ?? token.raw));
        }
      }
    }
  };
  walk(tokens);
  return lines
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

function inlinePlain(tokens: Token[]): string {
  return tokens
    .map((token) => {
      const withTokens = token as Token & { tokens?: Token[]; text?: string };
      if (token.type === 'br') return ' ';
      if (token.type === 'html') return '';
      if (token.type === 'image') return (token as Tokens.Image).text;
      if (token.type === 'list') return (token as Tokens.List).items.map((item) => inlinePlain(item.tokens)).join('; ');
      if (withTokens.tokens) return inlinePlain(withTokens.tokens);
      return decodeEntities(withTokens.text ?? token.raw);
    })
    .join('');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Shortens text to about `max` characters, at a sentence or word boundary, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const clean = text.trim();
  const points = [...clean];
  if (points.length <= max) return clean;
  const cut = points.slice(0, max).join('');
  const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '), cut.lastIndexOf('\n'));
  if (sentence > max * 0.6) return `${cut.slice(0, sentence + 1).trim()} …`;
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trim()} …`;
}
