// The saved scan state on disk: a round trip keeps every fact and the duplicate index exactly (wide
// characters included); a truncated, damaged, foreign or newer file is refused with what was wrong;
// a version-1 state (one JSON object) is not refused but makes the next scan a full one, saying why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { InstallKey } from '../../audit/install-key';
import { MemoryDirectory } from '../../directory/memory-directory';
import { runScan } from './scanner';
import { isOutdatedScanState, loadCurrentScanState, loadScanState, saveScanState, type ScanState } from './scan-state';

const B = 'DC=lab,DC=example,DC=com';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scan-state-'));
const key = new InstallKey(path.join(folder, 'keys', 'install.key'));
let dir: MemoryDirectory;
let state: ScanState;
let file: string;
let bytes: Buffer;

const person = (name: string, attrs: Record<string, string[]>) => ({
  dn: `CN=${name},CN=Users,${B}`,
  attrs: { objectClass: ['top', 'person', 'organizationalPerson', 'user'], cn: [name], sAMAccountName: [name], ...attrs },
});

beforeAll(async () => {
  dir = new MemoryDirectory();
  const admin = dir.labAdmin();
  for (const o of [
    person('ann', {
      userPrincipalName: ['ann@contoso.com'],
      mail: ['shared@contoso.com'],
      proxyAddresses: ['SMTP:ann@contoso.com', 'smtp:Ann@contoso.mail.onmicrosoft.com', 'smtp: 日本@contoso.com '],
    }),
    person('björk', { userPrincipalName: ['björk@contoso.com'], mail: ['Shared@contoso.com'], displayName: ['Björk'] }),
    person('jōji', { userPrincipalName: ['jōji@contoso.local'], mail: ['日本@contoso.com'], proxyAddresses: ['X500:/o=Contoso/cn=Jōji'] }),
  ])
    await admin.addObject(o.dn, o.attrs);
  state = (await runScan(dir)).state;
  file = path.join(folder, 'state');
  saveScanState(file, state, key);
  // The file without its seal: each variant below is sealed again with the key, so the checks
  // after the seal's are what it meets (as for someone holding the key).
  bytes = key.open(fs.readFileSync(file));
});

/** A copy of the saved file changed by `change`, for one test. */
function variant(name: string, change: (b: Buffer) => Buffer): string {
  const f = path.join(folder, name);
  fs.writeFileSync(f, key.seal(change(Buffer.from(bytes))));
  return f;
}

/** The checksum on the first line made to match the bytes after it again (a well-formed but altered file). */
function resealed(b: Buffer): Buffer {
  const nl = b.indexOf(0x0a);
  const crc = zlib
    .crc32(b.subarray(nl + 1))
    .toString(16)
    .padStart(8, '0');
  const first = b.toString('latin1', 0, nl).replace(/ [0-9a-f]{8} /, ` ${crc} `);
  return Buffer.concat([Buffer.from(first, 'latin1'), b.subarray(nl)]);
}

describe('scan state file', () => {
  it('a saved state loads back with the same facts, findings and index (wide characters kept)', () => {
    const loaded = loadCurrentScanState(file, key);
    const { index, ...facts } = loaded;
    const { index: original, ...expected } = state;
    expect(facts).toEqual(expected);
    expect(index.serialise()).toBe(original.serialise());
    expect([...index.duplicateSets()]).toEqual([...original.duplicateSets()]);
    expect([...index.duplicateSets()].map((s) => s.key)).toContain('a:日本@contoso.com');
    expect(bytes.toString('latin1', 0, 40)).toMatch(/^dirsync-doctor scan state 0000000002 /);
  });

  it('a re-scan from the loaded state reads only the change and reports exactly it', async () => {
    await dir.labAdmin().replaceAttribute(`CN=björk,CN=Users,${B}`, 'mail', ['bjork@contoso.com']);
    const resolved: string[] = [];
    const r = await runScan(dir, { since: loadCurrentScanState(file, key), onResolved: (f) => resolved.push(`${f.dn.split(',')[0]} ${f.attribute}`) });
    expect(r.mode).toBe('incremental');
    expect(r.objectsRead).toBe(1);
    expect(resolved.sort()).toEqual(['CN=ann mail', 'CN=björk mail']);
  });

  it('a truncated file is refused, saying how much of it is there', () => {
    expect(() =>
      loadScanState(
        variant('cut', (b) => b.subarray(0, b.length - 100)),
        key,
      ),
    ).toThrow(/scan state .*cut is truncated: \d+ bytes of the \d+ it was saved with/);
    expect(() =>
      loadScanState(
        variant('cut-header', (b) => b.subarray(0, 60)),
        key,
      ),
    ).toThrow(/is truncated: its first line ends at byte 60/);
    expect(() =>
      loadScanState(
        variant('longer', (b) => Buffer.concat([b, Buffer.from('xx')])),
        key,
      ),
    ).toThrow(/has 2 bytes after its end/);
  });

  it('a damaged file (one byte changed) is refused by its checksum', () => {
    const f = variant('flipped', (b) => {
      b[b.length - 5]! ^= 0x40;
      return b;
    });
    expect(() => loadScanState(f, key)).toThrow(/is damaged: its checksum is [0-9a-f]{8}, saved as [0-9a-f]{8}/);
  });

  it('an altered file with a matching checksum is still refused when its index does not hold together', () => {
    // The held values' lengths section zeroed: the texts no longer fit their columns.
    const f = variant('altered', (b) => {
      const nl = b.indexOf(0x0a);
      const text = b.toString('latin1', 0, nl).split(' ');
      const headerBytes = Number(text[5]);
      const header = JSON.parse(b.toString('utf8', nl + 1, nl + 1 + headerBytes)) as { index: { sections: { name: string; bytes: number }[] } };
      let at = nl + 1 + headerBytes;
      for (const s of header.index.sections) {
        if (s.name === 'held.lengths') b.fill(0, at, at + s.bytes);
        at += s.bytes + ((8 - (s.bytes % 8)) % 8);
      }
      return resealed(b);
    });
    expect(() => loadScanState(f, key)).toThrow(/is not a whole saved scan: saved duplicate index: held values has \d+ characters no object owns/);
  });

  it('a header that is not a scan state is refused naming the field', () => {
    const f = variant('bad-header', (b) => resealed(Buffer.from(b.toString('latin1').replace('"invocationId":"', '"invocationID":"'), 'latin1')));
    expect(() => loadScanState(f, key)).toThrow(/is not a saved scan: .*invocationId/);
  });

  it('a foreign file is refused, never half-loaded', () => {
    for (const [name, content] of [
      ['empty', ''],
      ['text', 'hello\nworld\n'],
      ['json', '{"version":1}'],
      ['other-json', JSON.stringify({ findings: [], index: '' })],
    ] as const) {
      const f = path.join(folder, name);
      fs.writeFileSync(f, content);
      expect(() => loadScanState(f, key), name).toThrow(
        new RegExp(`scan state .*${name} is not sealed by DirSync Doctor \\(no seal at its end\\), so it is not used`),
      );
      fs.writeFileSync(f, key.seal(Buffer.from(content)));
      expect(() => loadScanState(f, key), name).toThrow(
        new RegExp(`scan state .*${name} is not a saved scan \\(it does not begin with "dirsync-doctor scan state"\\)`),
      );
    }
    expect(() => loadScanState(path.join(folder, 'missing'), key)).toThrow(/scan state .*missing: no such file/);
  });

  it('a tampered file with its checksum recomputed is refused by its seal, naming the file', () => {
    // A byte of the body changed and the CRC on the first line made to match again: the old seal kept.
    const sealed = fs.readFileSync(file);
    const content = key.open(sealed);
    const changed = Buffer.from(content);
    changed[changed.length - 5]! ^= 0x40;
    const tampered = resealed(changed);
    expect(tampered.equals(content)).toBe(false);
    const f = path.join(folder, 'tampered');
    fs.writeFileSync(f, Buffer.concat([tampered, sealed.subarray(content.length)]));
    expect(() => loadScanState(f, key)).toThrow(
      new RegExp(
        `^scan state ${f.replace(/[/\\.]/g, '\\$&')} was changed since this installation of DirSync Doctor saved it \\(its seal does not match\\), so it is not used$`,
      ),
    );
    // Without the seal it is refused too; sealed by another installation's key as well.
    fs.writeFileSync(f, tampered);
    expect(() => loadScanState(f, key)).toThrow(/tampered is not sealed by DirSync Doctor/);
    const other = new InstallKey(path.join(folder, 'other-keys', 'install.key'));
    fs.writeFileSync(f, other.seal(content));
    expect(() => loadScanState(f, key)).toThrow(/tampered was changed since this installation of DirSync Doctor saved it/);
    expect(loadScanState(f, other)).toMatchObject({ objectCount: state.objectCount });
  });

  it('the install key is made once, 32 random bytes, readable by its owner only', () => {
    const k = new InstallKey(path.join(folder, 'fresh', 'keys', 'install.key'));
    const first = k.key();
    expect(first).toHaveLength(32);
    expect(new InstallKey(k.file).key().equals(first)).toBe(true);
    expect(fs.statSync(k.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(k.file)).mode & 0o777).toBe(0o700);
  });

  it('a state from a newer version is refused', () => {
    const f = variant('newer', (b) =>
      Buffer.from(b.toString('latin1').replace(/^dirsync-doctor scan state 0000000002/, 'dirsync-doctor scan state 0000000003'), 'latin1'),
    );
    expect(() => loadScanState(f, key)).toThrow(/was saved by a newer version of DirSync Doctor \(scan state version 3; this one reads 2\)/);
  });

  it('a version-1 state (one JSON object) makes the next scan a full one, with the reason', async () => {
    const f = path.join(folder, 'v1.json');
    const { index, ...facts } = state;
    fs.writeFileSync(f, JSON.stringify({ ...facts, version: 1, index: index.serialise() }));
    const old = loadScanState(f, key);
    expect(isOutdatedScanState(old)).toBe(true);
    expect(() => loadCurrentScanState(f, key)).toThrow(/version 1, from an older version of DirSync Doctor/);
    const r = await runScan(dir, { since: old });
    expect(r.mode).toBe('full');
    expect(r.fullScanReason).toBe('the saved scan state is version 1, from an older version of DirSync Doctor (this one saves version 2): scanning in full');
    // Saved again, it is the current version and the next scan is incremental.
    saveScanState(f, r.state, key);
    expect((await runScan(dir, { since: loadCurrentScanState(f, key) })).mode).toBe('incremental');
  });

  it('a state held in memory by an older version (the app) is scanned in full too', async () => {
    const r = await runScan(dir, { since: { ...state, version: 1 } as unknown as ScanState });
    expect(r.mode).toBe('full');
    expect(r.fullScanReason).toMatch(/version 1, this version of DirSync Doctor reads 2: scanning in full/);
  });
});
