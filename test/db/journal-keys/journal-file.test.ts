import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { swapInEncrypted } from '../../../db/journal-keys/journal-file.js';
import { tempDir } from '../../helpers/temp.js';

describe('swapping an encrypted copy in', () => {
  it('reports a clean-up that fails after the swap instead of throwing, with the encrypted copy in place (review M8)', () => {
    const dir = tempDir();
    const journal = join(dir, 'withness.sqlite');
    writeFileSync(journal, 'plain journal');
    writeFileSync(`${journal}.encrypting`, 'encrypted copy');
    // The -wal name taken by a folder: it cannot be overwritten, as a file on a failing disk could not.
    mkdirSync(`${journal}-wal`);
    const problems = swapInEncrypted(journal, `${journal}.encrypting`);
    expect(problems).toEqual([expect.stringContaining('withness.sqlite-wal could not be overwritten')]);
    expect(readFileSync(journal, 'utf8')).toBe('encrypted copy');
  });
});
