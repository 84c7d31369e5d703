// Offline bulk load of the planted scan directory into a stopped lab DC's sam.ldb with ldbadd.
//
// Why not plain ldbadd: every add runs in an ldb sub-transaction that copies, entry by entry, each
// index list the new object joins, and objectClass=top, objectCategory=Person, userAccountControl=546,
// primaryGroupID=513, givenName=Pat ... hold nearly every seeded object. So each add costs O(objects
// so far) and the load is quadratic (measured: 2.5 ms an object at 2,000, 11 ms at 10,000; 100,000
// would take hours). So the load lowers the index bit (searchFlags & 1) of those few shared-value
// attributes in the schema first (Samba rebuilds @INDEXLIST from the schema when sam.ldb is next
// opened for writing), adds in chunks with the remaining unique-value indexes (sAMAccountName, UPN,
// objectSid ... that Samba's own checks search) intact, then puts every flag back and lets Samba
// re-index once: one pass over the partition (measured: ~1.2 ms a record, linear). The original
// flags are kept in the progress file, so an interrupted load restores them on its next run.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PlannedObject } from './scan-seed-plan';

const run = promisify(execFile);

/** Indexed attributes whose values most seeded objects share (the lists that make adds quadratic). */
export const SHARED_VALUE_INDEXES = [
  'objectClass',
  'objectCategory',
  'sAMAccountType',
  'userAccountControl',
  'primaryGroupID',
  'givenName',
  'groupType',
] as const;

const SEARCH_FLAG_INDEX = 1;
const LDB_TIMEOUT_MS = 3_600_000;

export interface OfflineProgress {
  count: number;
  /** Planned objects added so far (in plan order). */
  added: number;
  /** searchFlags of SHARED_VALUE_INDEXES before the load lowered them, by lDAPDisplayName. */
  searchFlags: Record<string, number>;
}

export interface OfflineDc {
  /** <dir>/dc/private/sam.ldb */
  samLdb: string;
  /** The DC's smb.conf (has "dsdb:schema update allowed = true", which the flag change needs). */
  smbConf: string;
  baseDn: string;
  progressFile: string;
  workDir: string;
}

/** One LDIF attribute line: base64 when the value is not safe as plain text (RFC 2849). */
export function ldifLine(name: string, value: string): string {
  const unsafe = /^[\s:<]|\s$|[^\u0020-\u007e]/.test(value);
  return unsafe ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}` : `${name}: ${value}`;
}

export function ldifEntry(dn: string, attributes: Record<string, readonly string[]>): string {
  const lines = [ldifLine('dn', dn)];
  for (const [name, values] of Object.entries(attributes)) for (const v of values) lines.push(ldifLine(name, v));
  return `${lines.join('\n')}\n\n`;
}

function ldb(tool: 'ldbadd' | 'ldbmodify' | 'ldbsearch', dc: OfflineDc, args: string[]) {
  return run(tool, [`--configfile=${dc.smbConf}`, '-H', dc.samLdb, ...args], { maxBuffer: 1 << 26, timeout: LDB_TIMEOUT_MS });
}

/** Parses ldbsearch's LDIF for single-valued plain attributes (enough for lDAPDisplayName/searchFlags). */
export function parseLdifRecords(text: string): Record<string, string>[] {
  const records: Record<string, string>[] = [];
  for (const block of text.split(/\n\n+/)) {
    const rec: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z][\w-]*): (.*)$/.exec(line);
      if (m) rec[m[1]!] = m[2]!;
    }
    if (Object.keys(rec).length) records.push(rec);
  }
  return records;
}

async function readSearchFlags(dc: OfflineDc): Promise<Record<string, number>> {
  const filter = `(|${SHARED_VALUE_INDEXES.map((a) => `(lDAPDisplayName=${a})`).join('')})`;
  const { stdout } = await ldb('ldbsearch', dc, ['-b', `CN=Schema,CN=Configuration,${dc.baseDn}`, filter, 'lDAPDisplayName', 'searchFlags']);
  const flags: Record<string, number> = {};
  for (const r of parseLdifRecords(stdout)) if (r.lDAPDisplayName && r.searchFlags) flags[r.lDAPDisplayName] = Number(r.searchFlags);
  const missing = SHARED_VALUE_INDEXES.filter((a) => !Number.isInteger(flags[a]));
  if (missing.length) throw new Error(`the schema has no searchFlags for ${missing.join(', ')}`);
  return flags;
}

async function writeSearchFlags(dc: OfflineDc, flags: Record<string, number>): Promise<void> {
  const file = path.join(dc.workDir, 'search-flags.ldif');
  const filter = `(|${SHARED_VALUE_INDEXES.map((a) => `(lDAPDisplayName=${a})`).join('')})`;
  const { stdout } = await ldb('ldbsearch', dc, ['-b', `CN=Schema,CN=Configuration,${dc.baseDn}`, filter, 'lDAPDisplayName']);
  const dnByName = new Map(parseLdifRecords(stdout).map((r) => [r.lDAPDisplayName!, r.dn!]));
  fs.writeFileSync(
    file,
    Object.entries(flags)
      .map(([name, value]) => `dn: ${dnByName.get(name)}\nchangetype: modify\nreplace: searchFlags\nsearchFlags: ${value}\n\n`)
      .join(''),
  );
  await ldb('ldbmodify', dc, [file]);
  fs.rmSync(file);
}

/** A write through Samba's modules: reloads the changed schema, which rewrites @INDEXLIST and re-indexes. */
async function touchSeedOu(dc: OfflineDc, ouDn: string, text: string): Promise<string> {
  const file = path.join(dc.workDir, 'touch.ldif');
  fs.writeFileSync(file, `dn: ${ouDn}\nchangetype: modify\nreplace: description\ndescription: ${text}\n\n`);
  const { stdout, stderr } = await ldb('ldbmodify', dc, [file]);
  fs.rmSync(file);
  return `${stdout}${stderr}`;
}

/** Objects under `base` matching `filter`, counted through Samba's modules (so through the live indexes). */
async function countUnder(dc: OfflineDc, base: string, filter: string): Promise<number> {
  const { stdout } = await ldb('ldbsearch', dc, ['-b', base, filter, 'dn']);
  return parseLdifRecords(stdout).filter((r) => r.dn).length;
}

export function readProgress(file: string): OfflineProgress | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as OfflineProgress;
  } catch {
    return null;
  }
}

/**
 * Adds `objects` (already tagged) to the stopped DC, resuming after `progress.added` when a
 * progress file of the same count exists. Leaves every searchFlags value as it found it and checks
 * that the rebuilt indexes find every seeded object.
 */
export async function loadOffline(
  dc: OfflineDc,
  objects: readonly PlannedObject[],
  opts: { count: number; chunk: number; ouDn: string; say: (text: string) => void },
): Promise<void> {
  const { say } = opts;
  fs.mkdirSync(dc.workDir, { recursive: true });
  const earlier = readProgress(dc.progressFile);
  const progress: OfflineProgress = earlier && earlier.count === opts.count ? earlier : { count: opts.count, added: 0, searchFlags: await readSearchFlags(dc) };
  const save = () => fs.writeFileSync(dc.progressFile, JSON.stringify(progress));
  save();
  if (progress.added > 0) say(`resuming after ${progress.added} objects`);

  // Everything added already (an earlier run stopped in or after its re-index): only restore and re-index.
  if (progress.added < objects.length) {
    const lowered = Object.fromEntries(Object.entries(progress.searchFlags).map(([a, f]) => [a, f & ~SEARCH_FLAG_INDEX]));
    await writeSearchFlags(dc, lowered);
    say(`index bit lowered on ${SHARED_VALUE_INDEXES.join(', ')} for the load`);
  }
  try {
    for (let i = progress.added; i < objects.length; i += opts.chunk) {
      const end = Math.min(i + opts.chunk, objects.length);
      const file = path.join(dc.workDir, `chunk-${i}.ldif`);
      fs.writeFileSync(
        file,
        objects
          .slice(i, end)
          .map((o) => ldifEntry(o.dn, o.attributes))
          .join(''),
      );
      const t0 = Date.now();
      await ldb('ldbadd', dc, [file]);
      fs.rmSync(file);
      progress.added = end;
      save();
      say(`${end} / ${objects.length} added (${Math.round(((end - i) * 1000) / (Date.now() - t0))} objects/s)`);
    }
  } finally {
    await writeSearchFlags(dc, progress.searchFlags);
    const t0 = Date.now();
    const out = await touchSeedOu(dc, opts.ouDn, `planted readiness-scan directory, ${progress.added} objects`);
    say(`schema flags restored; re-indexed in ${Math.round((Date.now() - t0) / 1000)} s${/re_index successful/.test(out) ? '' : ' (no re-index reported)'}`);
  }
  const users = await countUnder(dc, opts.ouDn, '(objectClass=user)');
  const wantUsers = objects.filter((o) => o.attributes.objectClass?.includes('user')).length;
  const all = await countUnder(dc, opts.ouDn, '(objectClass=top)');
  if (users !== wantUsers || all < objects.length) {
    throw new Error(
      `after re-indexing, objectClass finds ${users} users (want ${wantUsers}) and ${all} objects (want ${objects.length} and the OUs): the indexes are not right`,
    );
  }
  fs.rmSync(dc.progressFile, { force: true });
}
