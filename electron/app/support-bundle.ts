// The support bundle: one zip with a manifest, a readable HTML report, the same data as JSON and
// the server's facts in the lab scenario format (so `diagnose --lab-file <bundle>` replays it).
// Optionally pseudonymised: user names, addresses, DNs, server and tenant names become stable
// keyed hashes (HMAC-SHA-256 with a key made per bundle), so support can still match them across
// the bundle. Secrets never go in: the session's redactor runs over every file, and the facts
// carry no password. Every part is capped; the caps are written in the manifest.
import { createHmac, randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import type { AppInfo } from '../../shared/domain/app';
import type { Finding } from '../../shared/findings/finding';
import { citationTextLines } from '../../shared/playbooks/citation-text';
import type { AuditLine } from '../audit/audit-log';
import type { Scenario } from '../lab/scenario';
import type { Redactor } from '../secrets/redactor';

export const BUNDLE_CAPS = {
  /** Each file inside the bundle, before compression. */
  fileBytes: 4 * 1024 * 1024,
  /** Audit lines of this case. */
  auditLines: 1000,
  /** Events in the server facts. */
  events: 200,
} as const;

export const BundleManifest = z
  .object({
    format: z.literal('dirsync-doctor-support-bundle'),
    version: z.literal(1),
    app: z.string(),
    createdAt: z.iso.datetime(),
    caseId: z.string().regex(/^[A-Z0-9-]{6,40}$/),
    pseudonymised: z.boolean(),
    files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), what: z.string() }).strict()),
    caps: z.object({ fileBytes: z.number().int(), auditLines: z.number().int(), events: z.number().int() }).strict(),
    truncated: z.array(z.string()),
  })
  .strict();
export type BundleManifest = z.infer<typeof BundleManifest>;

export interface BundleInput {
  info: AppInfo;
  findings: Finding[];
  /** The server's facts in the scenario format (the lab's scenario, or a collected file). */
  facts: Scenario;
  audit: AuditLine[];
  redactor: Redactor;
  appVersion: string;
  now: Date;
  pseudonymise: boolean;
  caseId?: string;
}

export interface BundleSection {
  id: string;
  title: string;
  /** Exactly what goes in, as text. */
  text: string;
}

export interface Bundle {
  bytes: Uint8Array;
  manifest: BundleManifest;
  sections: BundleSection[];
}

/** What an action did, from its start and end audit lines. */
interface ActionTaken {
  at: string;
  actor: unknown;
  action: unknown;
  target: unknown;
  planned: unknown;
  result: unknown;
  summary: unknown;
  recheck: unknown;
}

function actionsTaken(lines: AuditLine[]): ActionTaken[] {
  const ends = new Map<string, Record<string, unknown>>();
  for (const l of lines as unknown as Record<string, unknown>[]) if (l.phase === 'end') ends.set(String(l.id), l);
  return (lines as unknown as Record<string, unknown>[])
    .filter((l) => l.phase === 'start')
    .map((l) => {
      const end = ends.get(String(l.id));
      return {
        at: String(l.at),
        actor: l.actor,
        action: l.action,
        target: l.target,
        planned: l.planned,
        result: end?.result ?? 'not finished',
        summary: end?.summary ?? null,
        recheck: end?.recheck ?? null,
      };
    });
}

/** Names to hide, each with its stable pseudonym; longest first so a name inside another is replaced last. */
export function pseudonyms(facts: Scenario, info: AppInfo, key: Buffer): [RegExp, string][] {
  const hash = (kind: string, value: string, n: number) => createHmac('sha256', key).update(`${kind}\0${value.toLowerCase()}`).digest('hex').slice(0, n);
  const map = new Map<string, string>();
  const add = (value: string | null | undefined, pseudonym: string) => {
    if (value && value.length >= 3 && !map.has(value.toLowerCase())) map.set(value.toLowerCase(), pseudonym);
  };
  const user = (name: string) => {
    const prefix = /^(MSOL_|AAD_|Sync_)/i.exec(name)?.[1];
    // Keep the sync tools' name prefixes (the checks read them) with a hash of the rest.
    return prefix ? `${prefix}${hash('user', name, 12)}` : `user-${hash('user', name, 8)}`;
  };
  const domain = facts.os.domain ?? info.host.domain;
  const pDomain = domain ? `d-${hash('domain', domain, 8)}.example` : null;
  if (domain && pDomain) {
    add(
      domain
        .split('.')
        .map((p) => `DC=${p}`)
        .join(','),
      pDomain
        .split('.')
        .map((p) => `DC=${p}`)
        .join(','),
    );
    add(domain, pDomain);
  }
  add(facts.os.netbiosDomain, `N${hash('netbios', facts.os.netbiosDomain, 8).toUpperCase()}`);
  add(facts.os.computerName, `SRV-${hash('server', facts.os.computerName, 8).toUpperCase()}`);
  add(info.host.computerName, `SRV-${hash('server', info.host.computerName, 8).toUpperCase()}`);
  add(info.directory.server, `dc-${hash('server', info.directory.server ?? '', 8)}`);
  for (const a of facts.accounts) {
    add(a.sAMAccountName, user(a.sAMAccountName));
    add(a.displayName, `name-${hash('name', a.displayName ?? '', 8)}`);
  }
  for (const l of facts.localAccounts) {
    add(l.name, user(l.name));
    add(l.fullName, `name-${hash('name', l.fullName ?? '', 8)}`);
  }
  for (const s of facts.services)
    if (s.logon.kind === 'builtin' && /\\/.test(s.logon.account) && !/^(NT |\.\\|LocalSystem)/i.test(s.logon.account))
      add(s.logon.account, user(s.logon.account));
  add(facts.cloud.userName, `user-${hash('user', facts.cloud.userName ?? '', 8)}@t-${hash('tenant', facts.cloud.userName ?? '', 8)}.onmicrosoft.com`);
  for (const run of facts.sync.history) {
    const tenant = /([a-z0-9-]+)\.onmicrosoft\.com/i.exec(run.connector)?.[1];
    if (tenant) add(tenant, `t-${hash('tenant', tenant, 8)}`);
  }
  for (const name of [facts.connectors.ad.name, facts.connectors.entra.name, facts.connectors.ad.loginUser]) {
    const tenant = name && /([a-z0-9-]+)\.onmicrosoft\.com/i.exec(name)?.[1];
    if (tenant) add(tenant, `t-${hash('tenant', tenant, 8)}`);
    else if (name === facts.connectors.ad.loginUser) add(name, user(name ?? ''));
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...map.entries()]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([value, p]) => [new RegExp(`(?<![A-Za-z0-9_])${escape(value)}(?![A-Za-z0-9_])`, 'gi'), p]);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

function pseudonymiseText(text: string, rules: [RegExp, string][], key: Buffer): string {
  let out = text;
  for (const [re, p] of rules) out = out.replace(re, p);
  // Any address left (a user principal name in an event, a tenant's admin): hashed whole.
  return out.replace(EMAIL, (m) =>
    /\.example$|\.onmicrosoft\.com$/i.test(m) && /^(user|d|t)-/i.test(m)
      ? m
      : `user-${createHmac('sha256', key).update(`mail\0${m.toLowerCase()}`).digest('hex').slice(0, 8)}@mail.example`,
  );
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function html(data: ReportData): string {
  const rows = (pairs: [string, string][]) => pairs.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const table = (caption: string, head: string[], body: string[][]) =>
    `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const f = data.facts;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DirSync Doctor support report ${escapeHtml(data.caseId)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}caption{font-weight:bold;text-align:left}</style></head><body>
<h1>DirSync Doctor support report</h1>
<p>Case ${escapeHtml(data.caseId)} · made ${escapeHtml(data.createdAt)} by DirSync Doctor ${escapeHtml(data.app)}${data.pseudonymised ? ' · names pseudonymised (stable keyed hashes)' : ''}</p>
<h2>Server</h2><table><tbody>${rows([
    ['Computer', f.os.computerName],
    ['Domain', f.os.domain ?? '(workgroup)'],
    ['Windows', `${f.os.caption} ${f.os.version}, ${f.os.is64Bit ? '64' : '32'}-bit`],
    ['Facts from', f.collected ? `${f.collected.kind} ${f.collected.by} at ${f.collected.at}` : data.mode === 'lab' ? `lab scenario ${f.id}` : 'this server'],
  ])}</tbody></table>
<h2>Sync tool and build</h2><table><tbody>${rows([
    ['Tool', f.tool ? `${f.tool.displayName} ${f.tool.version} (${f.tool.bitness}-bit)` : 'none found'],
    ['Support', data.syncTool.supported ? 'supported' : 'not supported'],
  ])}</tbody></table>
<h2>Services</h2>${table(
    'Sync services',
    ['Service', 'State', 'Start', 'Logs on as'],
    f.services.map((s) => [
      s.name,
      s.state,
      s.startType,
      s.logon.kind === 'builtin' ? s.logon.account : s.logon.kind === 'domain' ? s.logon.sAMAccountName : s.logon.name,
    ]),
  )}
<h2>Scheduler</h2><table><tbody>${rows([
    ['Enabled', String(f.sync.schedulerEnabled)],
    ['Suspended', String(f.sync.scheduler.suspended)],
    ['Staging mode', String(f.sync.scheduler.stagingMode)],
    ['Run in progress', String(f.sync.runInProgress)],
  ])}</tbody></table>
<h2>Connectors and recent runs</h2>${table(
    'Runs, oldest first',
    ['Connector', 'Run profile', 'Result', 'Minutes ago'],
    f.sync.history.map((r) => [r.connector, r.profile, r.result, String(r.minutesAgo)]),
  )}
<h2>Findings</h2>${
    data.findings.length
      ? data.findings
          .map(
            (x) =>
              `<section><h3>[${escapeHtml(x.severity)}] ${escapeHtml(x.title)} <small>(${escapeHtml(x.id)})</small></h3><p>${citationTextLines(x.cite)
                .map(escapeHtml)
                .join('<br>')}</p>${table(
                'Evidence',
                ['What', 'Value', 'Source'],
                x.evidence.map((e) => [e.label, e.value, e.source ?? '']),
              )}</section>`,
          )
          .join('')
      : '<p>No problems found.</p>'
  }
<h2>Actions taken</h2>${table(
    'Actions of this case',
    ['When', 'Action', 'Target', 'Result', 'Summary'],
    data.actions.map((a) => [a.at, String(a.action), String(a.target), String(a.result), String(a.summary ?? '')]),
  )}
<h2>Audit lines of this case</h2><pre>${escapeHtml(data.audit.map((l) => JSON.stringify(l)).join('\n'))}</pre>
</body></html>
`;
}

interface ReportData {
  caseId: string;
  createdAt: string;
  app: string;
  pseudonymised: boolean;
  mode: AppInfo['mode'];
  syncTool: AppInfo['syncTool'];
  facts: Scenario;
  findings: Finding[];
  actions: ActionTaken[];
  audit: AuditLine[];
}

export const newCaseId = () => `DSD-${randomBytes(5).toString('hex').toUpperCase()}`;

export function buildSupportBundle(input: BundleInput): Bundle {
  const truncated: string[] = [];
  const caseId = input.caseId ?? newCaseId();
  const createdAt = input.now.toISOString();
  const facts: Scenario = structuredClone(input.facts);
  if (facts.events.length > BUNDLE_CAPS.events) {
    truncated.push(`events: the newest ${BUNDLE_CAPS.events} of ${facts.events.length}`);
    facts.events = [...facts.events].sort((a, b) => a.minutesAgo - b.minutesAgo).slice(0, BUNDLE_CAPS.events);
  }
  // The facts say where they came from; a collected server's own origin is kept in the notes.
  const origin = input.facts.collected;
  facts.collected = {
    kind: 'support-bundle',
    at: createdAt,
    by: `DirSync Doctor ${input.appVersion}`,
    notes: [
      ...(origin ? [`Collected by ${origin.by} at ${origin.at}.`, ...origin.notes] : []),
      ...(input.info.mode === 'lab' && !origin ? [`Lab scenario ${input.facts.id}.`] : []),
    ].slice(0, 100),
  };
  let audit = input.audit;
  if (audit.length > BUNDLE_CAPS.auditLines) {
    truncated.push(`audit lines: the newest ${BUNDLE_CAPS.auditLines} of ${audit.length}`);
    audit = audit.slice(-BUNDLE_CAPS.auditLines);
  }
  const data: ReportData = {
    caseId,
    createdAt,
    app: input.appVersion,
    pseudonymised: input.pseudonymise,
    mode: input.info.mode,
    syncTool: input.info.syncTool,
    facts,
    findings: input.findings,
    actions: actionsTaken(audit),
    audit,
  };
  const key = randomBytes(32);
  const rules = input.pseudonymise ? pseudonyms(input.facts, input.info, key) : [];
  // Redact secrets first (the session's known passwords), then pseudonymise names.
  const finish = (text: string) => {
    const safe = input.redactor.redactText(text);
    return input.pseudonymise ? pseudonymiseText(safe, rules, key) : safe;
  };
  const report = {
    caseId,
    createdAt,
    app: `DirSync Doctor ${input.appVersion}`,
    pseudonymised: input.pseudonymise,
    server: input.info.host,
    syncTool: input.info.syncTool,
    findings: data.findings,
    actions: data.actions,
    audit: data.audit,
  };
  const parts: { name: string; what: string; text: string; title: string }[] = [
    {
      name: 'report.html',
      title: 'Readable report',
      what: 'the readable report: server, tool and build, services, scheduler, runs, findings with evidence, actions, audit lines',
      text: finish(html(data)),
    },
    { name: 'report.json', title: 'The same data as JSON', what: 'the same data as JSON', text: finish(`${JSON.stringify(report, null, 2)}\n`) },
    {
      name: 'server-facts.json',
      title: 'Server facts (lab scenario format)',
      what: 'the server facts in the lab scenario format: diagnose --lab-file <this bundle> replays them',
      text: finish(`${JSON.stringify(facts, null, 2)}\n`),
    },
  ];
  for (const p of parts) {
    if (Buffer.byteLength(p.text) > BUNDLE_CAPS.fileBytes) {
      truncated.push(`${p.name}: cut at ${BUNDLE_CAPS.fileBytes} bytes`);
      p.text = Buffer.from(p.text).subarray(0, BUNDLE_CAPS.fileBytes).toString('utf8');
    }
  }
  const manifest = BundleManifest.parse({
    format: 'dirsync-doctor-support-bundle',
    version: 1,
    app: input.appVersion,
    createdAt,
    caseId,
    pseudonymised: input.pseudonymise,
    files: parts.map((p) => ({ name: p.name, bytes: Buffer.byteLength(p.text), what: p.what })),
    caps: { ...BUNDLE_CAPS },
    truncated,
  });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const files: Record<string, Uint8Array> = { 'manifest.json': strToU8(manifestText) };
  for (const p of parts) files[p.name] = strToU8(p.text);
  const bytes = zipSync(files, { level: 6, mtime: input.now });
  return {
    bytes,
    manifest,
    sections: [{ id: 'manifest', title: 'Manifest', text: manifestText }, ...parts.map((p) => ({ id: p.name, title: p.title, text: p.text }))],
  };
}
