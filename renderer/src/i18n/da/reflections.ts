import type { Messages } from '../en/index';

/** Dansk tekst til refleksionsskærmene. */
export const reflections: Messages['reflections'] = {
  backlinksHeading: 'Refleksioner, som dette har givet anledning til',
  backlinksEmpty: 'Ingen refleksion henviser hertil endnu.',
  untitled: 'Refleksion uden titel',
  mode_withness: 'Withness',
  mode_aboutness: 'Aboutness',
};
