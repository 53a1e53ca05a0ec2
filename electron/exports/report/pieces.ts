/** The parts a writer gives, joined with a line break (the PDF printer and the tests take the whole string). */
export function joinLines(writeAll: (write: (part: string) => void) => void): string {
  const parts: string[] = [];
  writeAll((part) => parts.push(part));
  return parts.join('\n');
}

/**
 * Joins the parts a writer gives with a line break, as `parts.join('\n')` would, straight into UTF-8 in pieces of
 * about chunkChars characters: a whole inquiry's report is tens of megabytes, and holding its parts, their joined
 * string and the UTF-8 copy at once was a large share of the export's peak memory (issue 14.4).
 */
export function joinLinesToUtf8(writeAll: (write: (part: string) => void) => void, chunkChars = 1 << 20): Buffer {
  const chunks: Buffer[] = [];
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    chunks.push(Buffer.from(pending.join(''), 'utf8'));
    pending = [];
    pendingLength = 0;
  };
  let first = true;
  writeAll((part) => {
    if (!first) pending.push('\n');
    first = false;
    pending.push(part);
    pendingLength += part.length + 1;
    if (pendingLength >= chunkChars) flush();
  });
  flush();
  return Buffer.concat(chunks);
}
