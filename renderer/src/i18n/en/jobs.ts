/** English text for long work in progress (components/JobProgress.tsx). */
export const jobs = {
  percent: '{{percent}} %',
  valueText: '{{percent}} percent: {{step}}',
  cancel: 'Cancel',
  cancelling: 'Cancelling… nothing will be changed.',
  cancelled: 'Cancelled. Nothing was changed.',
  uploading: 'Sending {{file}}',
  importBundle: 'Importing {{file}}',
  exportFile: 'Preparing {{name}}',
  report: 'Preparing the report',
  restore: 'Restoring {{name}}',
};
