/**
 * What a server address asks for is what the connection does (review of issue 12): sslmode=prefer and allow mean
 * "TLS if offered" in libpq, but pg cannot fall back that way, so they were quietly taken as no TLS at all. They are
 * refused now, and the parsed address says whether the link is encrypted, for the Team screen to show.
 */
import { describe, expect, it } from 'vitest';
import { clientConfig, parseServerUrl } from '../../electron/team/server-connection.js';

const url = (query: string) => `postgres://ann@team.example.org:5432/withness${query}`;

describe('sslmode in the server address', () => {
  it.each(['prefer', 'allow'])('sslmode=%s is refused with what to use instead', (mode) => {
    expect(() => parseServerUrl(url(`?sslmode=${mode}`))).toThrow(
      expect.objectContaining({ problem: 'bad_url', message: expect.stringMatching(new RegExp(`sslmode=${mode} would connect without encryption.*sslmode=verify-full.*sslmode=disable only on a network you trust`)) }),
    );
    expect(() => clientConfig({ url: url(`?sslmode=${mode}`), password: 'x' })).toThrow(/without encryption/);
  });

  it.each([
    ['?sslmode=require', 'verify-full', true],
    ['?sslmode=verify-full', 'verify-full', true],
    ['?sslmode=verify-ca', 'verify-ca', true],
    ['?sslmode=disable', 'disable', false],
    ['', 'disable', false],
  ] as const)('%s → %s, encrypted: %s, and the client config agrees', (query, sslmode, encrypted) => {
    expect(parseServerUrl(url(query))).toMatchObject({ sslmode, encrypted });
    const ssl = clientConfig({ url: url(query), password: 'x' }).ssl;
    if (encrypted) expect(ssl).toMatchObject({ rejectUnauthorized: true });
    else expect(ssl).toBe(false);
  });
});
