import { createHash, randomBytes } from 'node:crypto';

/**
 * The recovery key: 160 random bits written as Crockford base32 (no I, L, O, U, so nothing is misread when typed
 * from paper), followed by three check characters from a SHA-256 of those bits. Shown as seven groups of five.
 * The check catches a mistyped character before the slow key derivation runs, so a typo and a wrong key get
 * different messages.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_BYTES = 20;
const DATA_CHARS = 32;
const CHECK_CHARS = 3;
const GROUP = 5;

export class RecoveryKeyFormatError extends Error {}

/** A fresh recovery key in its printable form (e.g. `7Q2MX-…`). */
export function newRecoveryKey(): string {
  return formatRecoveryKey(randomBytes(KEY_BYTES));
}

export function formatRecoveryKey(bytes: Buffer): string {
  const text = encode(bytes) + check(bytes);
  return text.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** The recovery key in its canonical form (upper case, no separators) after checking its length and check characters. */
export function normalizeRecoveryKey(input: string): string {
  const text = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (text.length !== DATA_CHARS + CHECK_CHARS) {
    throw new RecoveryKeyFormatError(`A recovery key has ${DATA_CHARS + CHECK_CHARS} letters and digits; this one has ${text.length}.`);
  }
  const bad = [...text].find((char) => !ALPHABET.includes(char));
  if (bad) throw new RecoveryKeyFormatError(`"${bad}" does not occur in recovery keys. Check what you typed against the printed key.`);
  const bytes = decode(text.slice(0, DATA_CHARS));
  if (check(bytes) !== text.slice(DATA_CHARS)) {
    throw new RecoveryKeyFormatError('This recovery key has a typo: its check characters do not match. Check each group against the printed key.');
  }
  return text;
}

/** The 160 random bits of a recovery key, the secret its key derivation starts from. */
export function recoveryKeyBytes(input: string): Buffer {
  return decode(normalizeRecoveryKey(input).slice(0, DATA_CHARS));
}

/** Whether the text has the shape of a recovery key (so a key file can hold either a passphrase or a recovery key). */
export function looksLikeRecoveryKey(input: string): boolean {
  try {
    normalizeRecoveryKey(input);
    return true;
  } catch {
    return false;
  }
}

function check(bytes: Buffer): string {
  const digest = createHash('sha256').update('withness-recovery-key').update(bytes).digest();
  return encode(digest).slice(0, CHECK_CHARS);
}

function encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function decode(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}
