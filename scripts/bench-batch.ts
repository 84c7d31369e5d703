#!/usr/bin/env -S npx tsx
// Benchmark of the workbench's directory work at scale against the seeded lab DC (npm run
// seed:scan -- --count 10000 --offline), side by side in one run (figures for the README):
//   1. the UPN picker's list of a suffix's users beside a raw search of them; the UPN suffix move's preview for N chosen users and for every user of the suffix: the new
//      UPNs' uniqueness in OR-filter chunks (now) beside one search per user (before, reproduced
//      here as the workbench did it); seconds and directory requests; and the requests the chosen
//      users' DNs take through the bridge's 64 KiB cap (one request before, selection parts now);
//   2. a batch of N rows (one mail edit per seeded object, as the grid sends them): the preview,
//      the apply and its undo with the re-reads a chunk ahead (now) and one read per row (before);
//      seconds, directory requests, peak memory; beside one raw paged search reading the same
//      objects (the baseline). Everything the batch writes is undone before the bench ends.
// Directory requests are LDAP messages sent (each page of a search is one). Preview only for the
// UPN move: nothing is moved. Usage: LAB_DC_ADDR=127.0.0.16 npm run bench:batch [-- --users 1000 --rows 10000 --before-rows 10000]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Client } from 'ldapts';
import { escapeFilterValue, guidFromBytes } from '../shared/ldap';
import { chunkByJsonBytes } from '../shared/readiness/chunk-request';
import { PREVIEW_PART_BYTES } from '../shared/readiness/ipc';
import { parseUndoLdif } from '../shared/readiness/undo-ldif';
import { validateEdit } from '../shared/readiness/validate-edit';
import type { ValueChange } from '../shared/readiness/value-change';
import { hasRealTopLevelDomain } from '../shared/readiness/scan/address';
import type { ScanFinding } from '../shared/readiness/scan/finding';
import { AuditLog } from '../electron/audit/audit-log';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { LdapReadinessStore } from '../electron/readiness/readiness-store';
import { applyBatch, undoBatch, type BatchOptions } from '../electron/readiness/run-batch';
import { Workbench } from '../electron/readiness/workbench';
import { Redactor } from '../electron/secrets/redactor';

const LAB_DC = path.resolve(import.meta.dirname, 'lab-dc.sh');

// Every LDAP message the process sends, by kind: patched once on ldapts' one send path.
const sent = new Map<string, number>();
const proto = Client.prototype as unknown as { _send: (message: object) => Promise<unknown> };
const realSend = proto._send;
proto._send = function (this: unknown, message: object) {
  const kind = message.constructor.name;
  sent.set(kind, (sent.get(kind) ?? 0) + 1);
  return realSend.call(this, message);
};
const requests = () => [...sent.values()].reduce((a, b) => a + b, 0);

interface Figure {
  seconds: number;
  requests: number;
  peakMb: number;
}

/** Runs work, timing it, counting its LDAP requests and sampling the process's memory (RSS) every 20 ms. */
async function measure<T>(work: () => Promise<T>): Promise<[T, Figure]> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const r0 = requests();
  const t0 = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return [value, { seconds: (performance.now() - t0) / 1000, requests: requests() - r0, peakMb: peak / 2 ** 20 }];
  } finally {
    clearInterval(timer);
  }
}

const fmt = (f: Figure) => `${f.seconds.toFixed(2).padStart(7)} s  ${String(f.requests).padStart(6)} requests  peak RSS ${f.peakMb.toFixed(0)} MB`;
const ratio = (a: Figure, b: Figure) => `${(a.seconds / b.seconds).toFixed(2)}x the time, ${(a.requests / Math.max(1, b.requests)).toFixed(2)}x the requests`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '1000' },
      rows: { type: 'string', default: '10000' },
      'before-rows': { type: 'string' },
      'skip-upn': { type: 'boolean' },
      'skip-batch': { type: 'boolean' },
    },
  });
  const chosen = Number(values.users);
  const rowCount = Number(values.rows);
  const beforeRows = Number(values['before-rows'] ?? values.rows);
  const env = JSON.parse((await promisify(execFile)(LAB_DC, ['ensure', '--quiet'], { maxBuffer: 1 << 20 })).stdout) as {
    url: string;
    caFile: string;
    serverName: string;
    bindDn: string;
    passwordFile: string;
    dir: string;
  };
  const manifestFile = path.join(env.dir, 'scan-seed.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`no seed on ${env.url}: run npm run seed:scan -- --count 10000 --offline with the same LAB_DC_ADDR first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { count: number; ouDn: string };
  const dir = await LdapDirectory.connect({
    url: env.url,
    bindDn: env.bindDn,
    password: fs.readFileSync(env.passwordFile, 'utf8').trim(),
    caFile: env.caFile,
    serverName: env.serverName,
    timeoutMs: 300_000,
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-bench-batch-'));
  let findings: ScanFinding[] = [];
  const wb = new Workbench({
    dataDir: tmp,
    audit: new AuditLog(tmp, new Redactor()),
    actor: 'bench',
    host: async () => 'bench-host',
    directory: () => dir,
    // A scan engine handing over the bench's rows (the real one finds the seed's ~230 findings, not 10,000 rows).
    scan: () => async (o) => {
      for (const f of findings) o.onFinding(f);
      return {
        mode: 'full',
        fullScanReason: null,
        objectsInScope: findings.length,
        findings: findings.length,
        byError: {},
        quota: { limit: 50_000, inScope: findings.length, over: false, advice: null },
        durationMs: 0,
        state: null,
      };
    },
    validate: validateEdit,
    isRoutable: (s) => s.includes('.') && hasRealTopLevelDomain(s),
  });
  console.log(
    `bench:batch on ${env.url}, seed of ${manifest.count} objects; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; node ${process.version}`,
  );

  try {
    if (!values['skip-upn']) {
      // --- 1. the UPN suffix move -------------------------------------------------------------
      const from = 'contoso.com';
      const to = 'contoso-bench.org';
      const users: string[] = [];
      for await (const e of dir.search({
        base: manifest.ouDn,
        filter: `(&(objectCategory=person)(objectClass=user)(userPrincipalName=*@${from}))`,
        attributes: ['1.1'],
        pageSize: 1000,
      }))
        users.push(e.dn);
      users.sort();
      console.log(`\n1. UPN suffix move ${from} -> ${to} (preview only): ${users.length} users of the suffix in the seed`);
      // The picker's list of the suffix's users, beside one raw paged search for the same users.
      const [listed, listFig] = await measure(() => wb.upnUsers(from));
      const [rawCount, rawFig] = await measure(async () => {
        let n = 0;
        for await (const e of dir.search({
          filter: `(&(objectCategory=person)(objectClass=user)(userPrincipalName=*@${from}))`,
          attributes: ['userPrincipalName'],
          pageSize: 1000,
        }))
          if (e.dn) n++;
        return n;
      });
      console.log(
        `  the picker's list (readiness:upn-users): ${listed.users.length} users (raw search: ${rawCount}), ${(Buffer.byteLength(JSON.stringify(listed)) / 1024).toFixed(0)} KiB of JSON to the window`,
      );
      console.log(`    listed, sorted by UPN:                 ${fmt(listFig)}`);
      console.log(`    raw paged search (baseline):           ${fmt(rawFig)}  = list ${ratio(listFig, rawFig)}`);
      for (const [label, selection] of [
        [`${chosen} chosen users`, { mode: 'only' as const, dns: users.slice(0, chosen) }],
        [`all ${users.length} users, chosen by DN`, { mode: 'only' as const, dns: users }],
        [`all ${users.length} users of the suffix`, null],
      ] as const) {
        const dns = selection?.dns ?? users;
        const [now, after] = await measure(() => wb.previewUpnMove(from, to, selection));
        // Before: the users' search, then one uniqueness search per user's new UPN.
        const [, beforeTotal] = await measure(() => perUserLookups(dns));
        const moved = now.preview.changes.filter((c) => c.attribute === 'userPrincipalName').length;
        const ipcParts = chunkByJsonBytes(dns, PREVIEW_PART_BYTES).length;
        console.log(`  ${label}: ${moved} to move, ${now.heldBack.length} held back`);
        console.log(`    now (OR chunks of up to 200 new UPNs):  ${fmt(after)}`);
        console.log(`    before (one search per user):          ${fmt(beforeTotal)}  = ${ratio(beforeTotal, after)}`);
        const bytes = Buffer.byteLength(JSON.stringify({ from, to, userDns: dns }));
        console.log(
          `    through the bridge: ${selection ? `${ipcParts} selection part(s) + 1 preview (before: one request of ${(bytes / 1024).toFixed(0)} KiB, ${bytes > 64 * 1024 ? 'refused: over' : 'within'} the 64 KiB cap)` : '1 request (no DNs sent)'}`,
        );
      }

      /** The move's check as it was: the suffix's users read, then one uniqueness search per chosen user's new UPN. */
      async function perUserLookups(dns: readonly string[]): Promise<number> {
        const wanted = new Set(dns.map((d) => d.toLowerCase()));
        const upns: [string, string][] = [];
        for await (const e of dir.search({
          filter: `(&(objectCategory=person)(objectClass=user)(userPrincipalName=*@${from}))`,
          attributes: ['userPrincipalName'],
        })) {
          if (wanted.has(e.dn.toLowerCase())) upns.push([e.dn, e.attributes.userPrincipalName?.[0] ?? '']);
        }
        let taken = 0;
        for (const [dn, upn] of upns) {
          const v = escapeFilterValue(`${upn.slice(0, upn.lastIndexOf('@'))}@${to}`);
          for await (const e of dir.search({ filter: `(|(userPrincipalName=${v})(mail=${v})(proxyAddresses=smtp:${v}))`, attributes: ['1.1'], pageSize: 10 }))
            if (e.dn !== dn) taken++;
        }
        return taken;
      }
    }

    if (!values['skip-batch']) {
      // --- 2. a batch of N rows -----------------------------------------------------------------
      const objects: { dn: string; guid: string; cls: string; mail: string }[] = [];
      const [, baseline] = await measure(async () => {
        for await (const e of dir.search({ base: manifest.ouDn, filter: '(mail=*)', attributes: ['mail', 'objectGUID', 'objectClass'], pageSize: 1000 })) {
          const mail = e.attributes.mail?.[0];
          const guid = e.attributes.objectGUID?.[0];
          if (mail && guid) objects.push({ dn: e.dn, guid: guidFromBytes(Buffer.from(guid, 'base64')), cls: e.attributes.objectClass?.at(-1) ?? 'user', mail });
        }
      });
      objects.sort((a, b) => a.dn.localeCompare(b.dn));
      const rows = objects.slice(0, rowCount);
      console.log(`\n2. a batch of ${rows.length} rows (mail of each seeded object with one, edited)`);
      console.log(`    baseline, one paged search reading the ${objects.length} objects: ${fmt(baseline)}`);
      findings = rows.map((o, i) => ({
        id: `${o.guid}|mail|${o.mail.toLowerCase()}`,
        dn: o.dn,
        objectGuid: o.guid,
        objectClass: o.cls,
        attribute: 'mail',
        value: o.mail,
        errors: ['format'],
        action: 'edit',
        proposedValue: `bench-row-${i}@contoso.com`,
        detail: 'bench',
        duplicates: [],
      }));
      const scanId = wb.startScan(false);
      while (!wb.scans.poll(scanId, 0, 20_000)?.done) await new Promise((r) => setTimeout(r, 20));
      const edits = findings.map((f) => ({ findingId: f.id, action: 'edit' as const, proposedValue: f.proposedValue }));
      const [preview, previewFigure] = await measure(() => wb.previewEdits(edits));
      console.log(
        `    preview (rules, then the ${rows.length} new values' uniqueness in OR chunks): ${fmt(previewFigure)}; ${preview.preview.changes.length} changes, ${preview.refused.length} refused`,
      );
      const options = (readAhead: number): BatchOptions => ({
        store: new LdapReadinessStore(dir),
        audit: new AuditLog(tmp, new Redactor()),
        actor: 'bench',
        host: 'bench-host',
        origin: 'bench',
        readAhead,
      });
      const runPair = async (label: string, changes: readonly ValueChange[], readAhead: number) => {
        const file = path.join(tmp, `${label}.ldif`);
        const [applied, a] = await measure(() => applyBatch(changes, file, options(readAhead)));
        const [undone, u] = await measure(() => undoBatch(parseUndoLdif(fs.readFileSync(file, 'utf8')), options(readAhead)));
        if (applied.counts.applied !== changes.length || undone.counts.applied !== changes.length) {
          const odd = [...applied.rows, ...undone.rows].find((r) => r.status !== 'applied');
          throw new Error(
            `${label}: applied ${JSON.stringify(applied.counts)}, undone ${JSON.stringify(undone.counts)}; e.g. ${odd?.change.dn}: ${odd?.reason}`,
          );
        }
        return { a, u };
      };
      const perRow = (f: Figure, n: number) => `${((f.seconds * 1000) / n).toFixed(1)} ms and ${(f.requests / n).toFixed(2)} requests a row`;
      const n = preview.preview.changes.length;
      const now = await runPair('now', preview.preview.changes, 200);
      console.log(`    apply, re-reads 200 rows ahead (now):  ${fmt(now.a)}  (${perRow(now.a, n)})`);
      console.log(`    undo, re-reads 200 rows ahead (now):   ${fmt(now.u)}  (${perRow(now.u, n)})`);
      const beforeChanges = preview.preview.changes.slice(0, beforeRows);
      const m = beforeChanges.length;
      const before = await runPair('before', beforeChanges, 1);
      // A shorter "before" run is compared a row to a row.
      const scaled = (f: Figure): Figure => ({ ...f, seconds: (f.seconds * n) / m, requests: (f.requests * n) / m });
      console.log(`    apply, one re-read per row (before, ${m} rows): ${fmt(before.a)}  (${perRow(before.a, m)}) = ${ratio(scaled(before.a), now.a)}`);
      console.log(`    undo, one re-read per row (before, ${m} rows):  ${fmt(before.u)}  (${perRow(before.u, m)}) = ${ratio(scaled(before.u), now.u)}`);
    }
  } finally {
    wb.close();
    await dir.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
