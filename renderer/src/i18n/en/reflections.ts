/** English text for the reflections screens. */
export const reflections = {
  backlinksHeading: 'Reflections this prompted',
  backlinksEmpty: 'No reflection cites this yet.',
  untitled: 'Untitled reflection',
  mode_withness: 'Withness',
  mode_aboutness: 'Aboutness',
};
