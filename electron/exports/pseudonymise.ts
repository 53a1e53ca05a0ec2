/**
 * Pseudonymisation for every export: stakeholders appear by pseudonym as speakers and inside free
 * text. A stakeholder's real name, each part of it, and each alias are replaced as whole words, in
 * any case (Danish letters included), longest first, by the pseudonym.
 */
export interface PseudonymSource {
  id: string;
  pseudonym: string;
  real_name: string;
  /** JSON array text, as stored. */
  aliases: string;
}

export interface Replacement {
  stakeholder_id: string;
  pseudonym: string;
  /** The text that is replaced (a full name, a part of it, or an alias). */
  term: string;
  kind: 'real_name' | 'name_part' | 'alias';
}

export interface PreviewEntry extends Replacement {
  occurrences: number;
}

/** A text after replacement, with a way to move code-point offsets of the original into it. */
export interface Mapped {
  text: string;
  /**
   * Where a code-point offset of the original lands in the new text. An offset inside a replaced
   * name moves to the start of its replacement ('start', for a passage's start) or its end ('end').
   */
  mapOffset(codePointOffset: number, bias?: 'start' | 'end'): number;
}

export interface Pseudonymiser {
  readonly enabled: boolean;
  /** How a stakeholder is named in the export (pseudonym, or real name when real names were chosen). */
  nameOf(stakeholderId: string | null | undefined): string;
  text(value: string): string;
  mapped(value: string): Mapped;
  /** What would be replaced in these texts, per term, for the preview before exporting. */
  preview(texts: Iterable<string>): PreviewEntry[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function replacementsFor(stakeholders: PseudonymSource[]): Replacement[] {
  const replacements: Replacement[] = [];
  for (const person of stakeholders) {
    const add = (term: string, kind: Replacement['kind']) => {
      const clean = term.trim().replace(/\s+/g, ' ');
      if (clean.length < 2 || clean.toLocaleLowerCase('da') === person.pseudonym.toLocaleLowerCase('da')) return;
      if (replacements.some((existing) => existing.stakeholder_id === person.id && sameTerm(existing.term, clean))) return;
      replacements.push({ stakeholder_id: person.id, pseudonym: person.pseudonym, term: clean, kind });
    };
    add(person.real_name, 'real_name');
    for (const alias of parseAliases(person.aliases)) add(alias, 'alias');
    for (const part of person.real_name.split(/[\s-]+/)) if ([...part].length >= 2 && WORD_CHAR.test(part)) add(part, 'name_part');
  }
  // Longest first, so "Inger Marie Holm" is replaced before "Inger".
  return replacements.sort((a, b) => [...b.term].length - [...a.term].length);
}

function sameTerm(a: string, b: string): boolean {
  return a.toLocaleLowerCase('da') === b.toLocaleLowerCase('da');
}

function parseAliases(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

export function createPseudonymiser(stakeholders: PseudonymSource[], options: { realNames?: boolean } = {}): Pseudonymiser {
  const byId = new Map(stakeholders.map((person) => [person.id, person]));
  const replacements = options.realNames ? [] : replacementsFor(stakeholders);
  const pattern =
    replacements.length === 0
      ? undefined
      : // A possessive -s ("Jensens", "Anna's") is part of the name too, and stays after the pseudonym.
        new RegExp(`(?<![\\p{L}\\p{N}])(${replacements.map((r) => escapeRegExp(r.term)).join('|')})(['’]?s)?(?![\\p{L}\\p{N}])`, 'giu');
  const lookup = (match: string) => replacements.find((replacement) => new RegExp(`^${escapeRegExp(replacement.term)}$`, 'iu').test(match));

  function mapped(value: string): Mapped {
    if (!pattern) return { text: value, mapOffset: (offset) => offset };
    // Spans in code points: [start, end) of the original and the length of what replaced it.
    const spans: { start: number; end: number; length: number }[] = [];
    let text = '';
    let last = 0;
    for (const match of value.matchAll(pattern)) {
      const index = match.index ?? 0;
      const replacement = lookup(match[1]!)!;
      const replaced = replacement.pseudonym + (match[2] ?? '');
      text += value.slice(last, index) + replaced;
      const start = [...value.slice(0, index)].length;
      spans.push({ start, end: start + [...match[0]].length, length: [...replaced].length });
      last = index + match[0].length;
    }
    text += value.slice(last);
    return {
      text,
      mapOffset(offset: number, bias: 'start' | 'end' = 'end'): number {
        let shift = 0;
        for (const span of spans) {
          if (offset <= span.start) break;
          if (offset < span.end) return span.start + shift + (bias === 'start' ? 0 : span.length);
          shift += span.length - (span.end - span.start);
        }
        return offset + shift;
      },
    };
  }

  return {
    enabled: !options.realNames,
    nameOf(stakeholderId) {
      if (!stakeholderId) return 'Unknown speaker';
      const person = byId.get(stakeholderId);
      if (!person) return 'Unknown speaker';
      return options.realNames && person.real_name.trim() ? person.real_name : person.pseudonym;
    },
    text: (value) => mapped(value).text,
    mapped,
    preview(texts) {
      const counts = new Map<Replacement, number>();
      if (pattern) {
        for (const value of texts) {
          for (const match of value.matchAll(pattern)) {
            const replacement = lookup(match[1]!)!;
            counts.set(replacement, (counts.get(replacement) ?? 0) + 1);
          }
        }
      }
      return replacements.map((replacement) => ({ ...replacement, occurrences: counts.get(replacement) ?? 0 }));
    },
  };
}
