/** Dansk tekst til langt arbejde undervejs (components/JobProgress.tsx). */
export const jobs = {
  percent: '{{percent}} %',
  valueText: '{{percent}} procent: {{step}}',
  cancel: 'Annullér',
  cancelling: 'Annullerer… intet bliver ændret.',
  cancelled: 'Annulleret. Intet blev ændret.',
  uploading: 'Sender {{file}}',
  importBundle: 'Importerer {{file}}',
  exportFile: 'Forbereder {{name}}',
  report: 'Forbereder rapporten',
  restore: 'Gendanner {{name}}',
};
