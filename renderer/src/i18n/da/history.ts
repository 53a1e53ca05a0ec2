import type { Messages } from '../en/index';

/** Dansk tekst til historik og papirkurv. */
export const history: Messages['history'] = {
  title: 'Tidligere versioner',
  none: 'Ingen tidligere versioner endnu.',
  version: 'Version {{n}}, erstattet {{when}}',
  restoreVersion: 'Gendan denne version',
  trashTitle: 'Papirkurv',
  trashIntro: 'Slettede elementer bliver her, til du gendanner dem. Intet i papirkurven vises i journalen, søgning eller eksport.',
  trashEmpty: 'Papirkurven er tom.',
  restore: 'Gendan',
  restored: '“{{label}}” er tilbage i journalen.',
  deletedAt: 'Slettet {{when}}',
  withMore_one: 'og ét element slettet sammen med det',
  withMore_other: 'og {{count}} elementer slettet sammen med det',
  type_project: 'Undersøgelse',
  type_cycle: 'Cyklus',
  type_phase_entry: 'Faseindlæg',
  type_field_note: 'Feltnote',
  type_stakeholder: 'Aktør',
  type_dialogue: 'Dialog',
  type_turn: 'Replik',
  type_reflection: 'Refleksion',
  type_code: 'Kode',
};
