import { describe, expect, it } from 'vitest';
import { da } from '../../renderer/src/i18n/da/index';
import { en } from '../../renderer/src/i18n/en/index';
import { createI18n, preferredLanguage } from '../../renderer/src/i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(leaves);
}

describe('UI text', () => {
  it('has the same keys in English and Danish', () => {
    expect(keys(da).sort()).toEqual(keys(en).sort());
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const text of [...leaves(en), ...leaves(da)]) expect(text.trim()).not.toBe('');
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    // Each tree's leaves once: asking for them per key made this quadratic, past the test's time on a busy machine.
    const danishTexts = leaves(da);
    const englishTexts = leaves(en);
    const danish = new Map(keys(da).map((key, index) => [key, danishTexts[index]!]));
    keys(en).forEach((key, index) => expect(placeholders(danish.get(key)!), key).toEqual(placeholders(englishTexts[index]!)));
  });

  it('writes numbers the reader\'s way, and plural forms still follow the count', () => {
    const english = createI18n('en');
    expect(english.t('timeline.inView', { count: 231200 })).toBe('231,200 events in view.');
    expect(english.t('timeline.inView', { count: 1 })).toBe('One event in view.');
    expect(english.t('timeline.listLoaded', { loaded: 200, count: 6000 })).toBe('200 of 6,000 events loaded; more load as you scroll.');
    expect(createI18n('da').t('timeline.inView', { count: 231200 })).toBe('231.200 begivenheder i visningen.');
  });

  it('picks Danish for Danish browsers unless the user chose otherwise', () => {
    expect(preferredLanguage(undefined, 'da-DK')).toBe('da');
    expect(preferredLanguage(undefined, 'en-US')).toBe('en');
    expect(preferredLanguage({ getItem: () => 'en' }, 'da-DK')).toBe('en');
    expect(preferredLanguage({ getItem: () => 'klingon' }, 'da')).toBe('da');
  });
});
