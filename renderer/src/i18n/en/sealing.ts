/** English text for encrypted bundles (.withness): the passphrase at export and at import. */
export const sealing = {
  export: {
    legend: 'Encryption',
    hint: 'The bundle is encrypted with a passphrase you choose, of at least {{min}} characters. Your colleague needs it to import the bundle: tell it another way than the file (not in the same e-mail).',
    passphrase: 'Passphrase',
    repeat: 'The same passphrase again',
    plain: 'Export without encryption (a plain bundle)',
    plainHint: 'Anyone who gets a plain bundle can read everything in it, real names included. Use it only for demo or test data with no real people in it.',
    tooShort: 'The passphrase must be at least {{min}} characters long (it has {{count}}).',
    differ: 'The two passphrases differ. Type the same passphrase twice.',
    doneEncrypted: 'It is encrypted with your passphrase: give the passphrase to your colleague another way than the file.',
    donePlain: 'It is NOT encrypted: anyone who has the file can read everything in it.',
  },
  import: {
    encrypted: '“{{file}}” is encrypted. Enter the passphrase it was exported with.',
    passphrase: 'Passphrase of the bundle',
    open: 'Open and import',
    cancel: 'Choose another file',
    empty: 'Enter the passphrase first.',
  },
};
