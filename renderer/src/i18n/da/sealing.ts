import type { Messages } from '../en/index';

/** Dansk tekst til krypterede projektpakker (.withness): adgangsfrasen ved eksport og import. */
export const sealing: Messages['sealing'] = {
  export: {
    legend: 'Kryptering',
    hint: 'Pakken krypteres med en adgangsfrase, du selv vælger, på mindst {{min}} tegn. Din kollega skal bruge den for at importere pakken: giv den videre ad en anden vej end filen (ikke i samme e-mail).',
    passphrase: 'Adgangsfrase',
    repeat: 'Samme adgangsfrase igen',
    plain: 'Eksportér uden kryptering (en ukrypteret pakke)',
    plainHint: 'Alle, der får en ukrypteret pakke, kan læse alt i den, også de rigtige navne. Brug den kun til demo- eller testdata uden rigtige personer.',
    tooShort: 'Adgangsfrasen skal være på mindst {{min}} tegn (den har {{count}}).',
    differ: 'De to adgangsfraser er forskellige. Skriv den samme adgangsfrase to gange.',
    doneEncrypted: 'Den er krypteret med din adgangsfrase: giv adgangsfrasen til din kollega ad en anden vej end filen.',
    donePlain: 'Den er IKKE krypteret: alle, der har filen, kan læse alt i den.',
  },
  import: {
    encrypted: '“{{file}}” er krypteret. Skriv den adgangsfrase, den blev eksporteret med.',
    passphrase: 'Pakkens adgangsfrase',
    open: 'Åbn og importér',
    cancel: 'Vælg en anden fil',
    empty: 'Skriv adgangsfrasen først.',
  },
};
