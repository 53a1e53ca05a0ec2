import { describe, expect, it } from 'vitest';
import { demoAndSmallInquiry } from '../helpers/export-corpora.js';
import { DEFAULT_BUNDLE_LIMITS } from '../../electron/exchange/bundle.js';
import { buildQdpx } from '../../electron/exchange/qdpx.js';
import { XmlWriter } from '../../electron/exchange/xml.js';
import { readZip } from '../../electron/exchange/zip.js';

/**
 * The .qdpx export lets go of the events' rows and deflates each source's text before it writes project.qde, which
 * it then puts first (issue 14.4). The archive must be what it was: project.qde first, then every TextSource's
 * text file in the order project.qde lists them, each source's text as the XML's offsets need it; the `qde` the
 * result offers (read back from the archive) is the entry itself; and a second export of the same journal is the
 * same bytes (nothing of the first one's letting go leaks into the journal or the next export).
 */
const when = new Date(2026, 10, 3, 9, 15, 42);

describe('.qdpx export with bounded memory', { timeout: 180_000 }, () => {
  it('writes project.qde first and each source after it, on the demo project and a small generated inquiry', () => {
    for (const { db, projectId } of demoAndSmallInquiry(11)) {
      const first = buildQdpx(db, projectId, { now: when })!;
      const files = readZip(first.bytes, { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 1_000_000 });
      const names = [...files.keys()];
      expect(names[0]).toBe('project.qde');
      const qde = new TextDecoder().decode(files.get('project.qde'));
      expect(first.qde).toBe(qde);
      const listed = [...qde.matchAll(/<TextSource guid="([^"]+)"[^>]*plainTextPath="internal:\/\/([^"]+)"/g)].map((match) => `sources/${match[2]}`);
      expect(listed.length).toBeGreaterThan(10);
      expect(names.slice(1)).toEqual(listed);
      // Every selection lies inside its source's text (offsets in code points).
      for (const source of qde.matchAll(/<TextSource guid="([^"]+)"[\s\S]*?<\/TextSource>|<TextSource guid="([^"]+)"[^>]*\/>/g)) {
        const guid = source[1] ?? source[2]!;
        const length = [...new TextDecoder().decode(files.get(`sources/${guid}.txt`))].length;
        for (const selection of source[0].matchAll(/startPosition="(\d+)" endPosition="(\d+)"/g)) {
          expect(Number(selection[2])).toBeLessThanOrEqual(length);
          expect(Number(selection[1])).toBeLessThan(Number(selection[2]));
        }
      }
      const second = buildQdpx(db, projectId, { now: when })!;
      expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    }
  });

  it('hands project.qde to the archive in pieces that join to the document toBytes gives', () => {
    const write = (xml: XmlWriter) => {
      xml.open('Project', { name: 'Åse' });
      for (let index = 0; index < 30_000; index++) xml.text('Note', `Åse & Bo <${index}> 👋 ${'ø'.repeat(index % 90)}`, { guid: `g${index}` });
      xml.close('Project');
    };
    const whole = new XmlWriter();
    write(whole);
    const pieces: Uint8Array[] = [];
    const streamed = new XmlWriter((piece) => pieces.push(piece));
    write(streamed);
    streamed.end();
    expect(pieces.length).toBeGreaterThan(2);
    expect(Buffer.concat(pieces).equals(whole.toBytes())).toBe(true);
    expect(() => streamed.toBytes()).toThrow(/sink/);
  });
});
