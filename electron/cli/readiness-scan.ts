// `scan`: the readiness scan from the command line (for RMM tools and big directories).
//   dirsync-doctor scan (--url ldaps://dc:636 | discovered) --bind <upn> --password-env VAR
//        [--ca-file F] [--server-name N] [--ou DN]... [--exclude-ou DN]... [--since STATE] [--save-state FILE] --format jsonl|csv
//   dirsync-doctor scan --lab [--ou DN]... [--since STATE] ...     (the Samba lab DC: development CLI only)
//   dirsync-doctor scan --connect-scope ...   the OUs the sync server's AD connector synchronizes (the Windows
//        host on the sync server; with --lab the lab host simulating --lab-scenario's server)
// Findings go to stdout as they become final (one JSON object or CSV row a line), or with
// --format json as one document at the end; progress and the summary go to stderr. Exit 0 nothing
// found, 1 findings, 2 usage error, 3 the scan could not run.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CSV_HEADER, findingToCsvLine } from '../../shared/readiness/scan/csv';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import { scopeFromOuFiltering, type ServerScope } from '../../shared/domain/ou-filtering';
import { resolveAssetsDir } from '../app/assets';
import { WindowsHost } from '../host/windows/windows-host';
import { LabHost } from '../lab/lab-host';
import { loadScenarioDir } from '../lab/scenario';
import type { HostPort } from '../ports/host-port';
import { LdapDirectory } from '../directory/ldap-directory';
import { DirectoryError, HostError } from '../ports/errors';
import { Redactor } from '../secrets/redactor';
import { MAX_SCAN_CONNECTIONS, runScan, type ScanProgress, type ScanSummary } from '../readiness/scan/scanner';
import { isOutdatedScanState, loadScanState, saveScanState, type OutdatedScanState, type ScanState } from '../readiness/scan/scan-state';
import { CONNECTION_FLAG_FIELDS, CONNECTION_FLAG_OPTIONS } from './connection-flags';
import type { CliIo } from './io';
import { errorStyle, reportFailure, usageFailure, type CliFailure } from './output';
import { InstallKey } from '../audit/install-key';
import { cliDirs, CliDirsError } from './cli-dirs';
import { dcUrl } from './dc-url';

export const SCAN_USAGE = `Usage: dirsync-doctor scan --format jsonl|json|csv <connection> [--ou <DN>]... [--exclude-ou <DN>]... | [--connect-scope] [--since <state>] [--save-state <file>]

The readiness scan (IdFix's rules and more): every user, group and contact Entra ID would reject
or see as a duplicate, one finding a line on stdout; progress and a summary on stderr.

  --format jsonl|json|csv {"dn","objectClass","attribute","value","errors","action","proposedValue"} a line,
                          one JSON document {"findings":[…],"summary":{…}} at the end, or CSV. With json,
                          errors are JSON on stdout too: {"error":{"code","message","exitCode",…}}
  --ou <DN>               scan only this OU (repeat for several; --base is the same); default the whole domain
  --exclude-ou <DN>       leave out this OU inside a scanned one (repeat for several), like Entra Connect's
                          OU filtering: the nearest listed OU above an object decides, so an --ou inside
                          an excluded OU is scanned again
  --connect-scope         scan the OUs the sync server itself synchronizes: its AD connector's OU filtering
                          for this domain (Entra Connect / AADSync, read on this server; with --lab from the
                          lab's simulated server, see --lab-scenario); the OUs used go to stderr. Not with
                          --ou or --exclude-ou. Exit 3 with the reason when it cannot be read (DirSync keeps
                          it where no cmdlet reads it: choose the OUs with --ou / --exclude-ou instead)
  --since <state>         re-scan only what changed since the scan that saved <state> (same DC and
                          scope; otherwise a full scan, and the summary says why); <state> is updated
  --save-state <file>     where to save this scan's state for the next --since (default: <state>)
  --connections <n>       read the scope's parts on n connections at once (1-16, default 1: one stream)
Connection:
  --lab                   the lab's Samba DC (development CLI, npm run cli, only; LAB_DC_ADDR / LAB_DC_DIR
                          pick which)
  --lab-scenario <id>     with --lab --connect-scope: the lab scenario whose sync server is read
                          (default connect-ou-filtered)
  --url <ldaps://host:636> the domain controller (found automatically on a domain-joined server)
  --bind <upn>  --password-env <VAR>  [--ca-file <file>] [--server-name <name>] [--start-tls] [--timeout-ms <n>]

Exit codes: 0 nothing found, 1 findings, 2 usage error, 3 the scan could not run.`;

const EXIT = { clean: 0, findings: 1, usage: 2, failed: 3 } as const;
/** Attributes whose findings can still gain a duplicate error until the scan ends. */
const UNIQUE_ATTRIBUTES = new Set(['mail', 'userPrincipalName', 'proxyAddresses', 'mailNickname', 'sAMAccountName', 'targetAddress']);

class Usage extends Error {}

const DN_SHAPE = /^[A-Za-z][\w-]*=.+/;

const Flags = z
  .object({
    format: z.enum(['jsonl', 'json', 'csv'], { message: '--format takes jsonl, json or csv' }).optional(),
    base: z.array(z.string().regex(DN_SHAPE, '--base takes a distinguished name, e.g. OU=Staff,DC=contoso,DC=com')).optional(),
    ou: z.array(z.string().regex(DN_SHAPE, '--ou takes a distinguished name, e.g. OU=Staff,DC=contoso,DC=com')).optional(),
    'exclude-ou': z.array(z.string().regex(DN_SHAPE, '--exclude-ou takes a distinguished name, e.g. OU=Leavers,OU=Staff,DC=contoso,DC=com')).optional(),
    since: z.string().min(1).optional(),
    'save-state': z.string().min(1).optional(),
    connections: z.coerce
      .number({ message: '--connections takes a whole number from 1 to 16' })
      .int('--connections takes a whole number from 1 to 16')
      .min(1, '--connections takes a whole number from 1 to 16')
      .max(MAX_SCAN_CONNECTIONS, '--connections takes a whole number from 1 to 16')
      .optional(),
    lab: z.boolean().optional(),
    'connect-scope': z.boolean().optional(),
    'lab-scenario': z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, '--lab-scenario takes a scenario id such as connect-ou-filtered')
      .optional(),
    ...CONNECTION_FLAG_FIELDS,
    'timeout-ms': z.coerce.number().int().min(100).max(600_000).default(60_000),
    help: z.boolean().optional(),
  })
  .strict();
type Flags = z.infer<typeof Flags>;

function parseFlags(argv: readonly string[]): Flags {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string' },
        base: { type: 'string', multiple: true },
        ou: { type: 'string', multiple: true },
        'exclude-ou': { type: 'string', multiple: true },
        since: { type: 'string' },
        'save-state': { type: 'string' },
        connections: { type: 'string' },
        lab: { type: 'boolean' },
        'connect-scope': { type: 'boolean' },
        'lab-scenario': { type: 'string' },
        ...CONNECTION_FLAG_OPTIONS,
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new Usage((e as Error).message);
  }
  const f = Flags.safeParse(parsed.values);
  if (!f.success) throw new Usage(f.error.issues.map((i) => i.message).join('; '));
  const v = f.data;
  if (v.help) return v;
  if (!v.format) throw new Usage('scan needs --format jsonl, --format json or --format csv');
  if (v.lab && (v.url || v.bind || v['password-env'] || v['ca-file'] || v['server-name'] || v['start-tls'])) {
    throw new Usage('--lab connects to the lab DC itself; leave out --url, --bind, --password-env, --ca-file, --server-name and --start-tls');
  }
  if (!v.lab && (!v.bind || !v['password-env'])) throw new Usage('scan needs --bind and --password-env (and --url), or --lab');
  if (!v.url && (v['ca-file'] || v['server-name'] || v['start-tls'])) throw new Usage('--ca-file, --server-name and --start-tls need --url');
  if (v['connect-scope'] && (v.ou || v.base || v['exclude-ou'])) {
    throw new Usage(
      '--connect-scope takes the OUs from the sync server; leave out --ou, --base and --exclude-ou (or leave out --connect-scope to choose them yourself)',
    );
  }
  if (v['lab-scenario'] && !(v.lab && v['connect-scope'])) throw new Usage('--lab-scenario goes with --lab --connect-scope');
  if (v['connect-scope'] && !v.lab && process.platform !== 'win32') {
    throw new Usage("--connect-scope reads the sync server this command runs on (Windows); elsewhere add --lab to read the lab's simulated one");
  }
  return v;
}

/** Is this argv (after the program name) the scan itself (not `scan apply` / `scan undo`)? */
export const isScanCommand = (argv: readonly string[]) => argv[0] === 'scan' && argv[1] !== 'apply' && argv[1] !== 'undo';

const DEFAULT_LAB_SCENARIO = 'connect-ou-filtered';

/**
 * The scope the sync server's own OU filtering gives for the connected domain: read through the
 * Windows host on the sync server, or with --lab from the lab host simulating the scenario's server
 * (read only: nothing is seeded into the lab DC). Usage errors (an unknown scenario) throw Usage.
 */
async function serverScope(flags: Flags, dir: LdapDirectory): Promise<ServerScope> {
  let host: HostPort;
  if (flags.lab) {
    const id = flags['lab-scenario'] ?? DEFAULT_LAB_SCENARIO;
    const scenarios = await loadScenarioDir(path.join(resolveAssetsDir(), 'scenarios'));
    const scenario = scenarios.find((s) => s.id === id);
    if (!scenario) throw new Usage(`--lab-scenario: no lab scenario "${id}" (valid: ${scenarios.map((s) => s.id).join(', ')})`);
    host = new LabHost({ scenario, directory: dir, servicePasswords: new Map() });
  } else {
    host = new WindowsHost();
  }
  const filtering = await host.connectorOuFiltering({ timeoutMs: flags['timeout-ms'] });
  return scopeFromOuFiltering(filtering, (await dir.info()).baseDn);
}

/** The line a finding is written as. */
export function findingLine(f: ScanFinding, format: 'jsonl' | 'csv'): string {
  if (format === 'csv') return findingToCsvLine(f);
  return `${JSON.stringify(findingRow(f))}\n`;
}

/** A finding as the JSON formats carry it. */
function findingRow(f: ScanFinding): Record<string, unknown> {
  const row: Record<string, unknown> = {
    dn: f.dn,
    objectClass: f.objectClass,
    attribute: f.attribute,
    value: f.value,
    errors: f.errors,
    action: f.action,
    proposedValue: f.proposedValue,
  };
  if (f.duplicates.length) row.duplicates = f.duplicates;
  return row;
}

/** A split scan's total waits for every part's count: say how far it is. */
function uncounted(p: ScanProgress): string {
  if (!p.parts || p.total !== null) return '';
  const left = p.parts.total - p.parts.counted;
  return ` (total not known yet: ${left} of ${p.parts.total} parts not counted; ${p.parts.countedObjects} in the ${p.parts.counted} counted)`;
}

function describeSummary(s: ScanSummary, stateFile: string | null): string {
  const lines = [
    `scan: ${s.mode}${s.fullScanReason ? ` (${s.fullScanReason})` : ''} of ${s.baseDns.join('; ')}${s.excludeDns.length ? ` without ${s.excludeDns.join('; ')}` : ''} on ${s.dcHostName}`,
    `scan: ${s.objectsRead} objects read${s.mode === 'incremental' ? ` (changed since the saved scan), ${s.deletionsRead} deletions` : ''} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `scan: ${s.objectsInScope} objects in scope (${s.skipped} skipped as system objects); Entra ID quota ${s.quota.limit}${s.quota.over ? `: OVER. ${s.quota.advice}` : ''}`,
    `scan: ${s.findings} findings${s.mode === 'incremental' ? ` (${s.reported} new or changed, ${s.resolved} resolved)` : ''}: ${
      Object.entries(s.byError)
        .filter(([, n]) => n > 0)
        .map(([e, n]) => `${e} ${n}`)
        .join(', ') || 'none'
    }`,
  ];
  if (stateFile) lines.push(`scan: state saved to ${stateFile} (re-scan with --since ${stateFile})`);
  return `${lines.join('\n')}\n`;
}

export async function runScanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const style = errorStyle(argv);
  const fail = (f: CliFailure) => reportFailure({ stdout: io.stdout, stderr: (t) => io.stderr(redactor.redactText(t)) }, style, f);
  const redactor = new Redactor();
  let flags: Flags;
  try {
    flags = parseFlags(argv.slice(1));
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    return usageFailure(io, style, e.message, SCAN_USAGE);
  }
  if (flags.help) {
    io.stdout(`${SCAN_USAGE}\n`);
    return EXIT.clean;
  }
  const format = flags.format!;
  // Saved states are sealed with the install key kept beside the audit log.
  let stateKey: InstallKey;
  try {
    stateKey = InstallKey.besideAudit((await cliDirs(io)).auditDir);
  } catch (e) {
    if (!(e instanceof CliDirsError)) throw e;
    return fail({ exit: EXIT.usage, code: 'usage', message: e.message });
  }
  let since: ScanState | OutdatedScanState | undefined;
  if (flags.since) {
    try {
      since = loadScanState(flags.since, stateKey);
    } catch (e) {
      return fail({ exit: EXIT.usage, code: 'bad-state-file', message: (e as Error).message, extra: { flag: '--since' } });
    }
    // Not an error: the scan runs in full and its summary says why; the state is then saved anew.
    if (isOutdatedScanState(since)) io.stderr(`dirsync-doctor: ${flags.since}: ${since.reason}; this scan reads everything and saves the state anew\n`);
  }
  let connection;
  if (flags.lab) {
    if (!io.labDc) {
      return fail({
        exit: EXIT.usage,
        code: 'usage',
        message: "--lab: the lab's Samba DC is reached only by the development CLI (npm run cli); give --url, --bind and --password-env",
        extra: { flag: '--lab' },
      });
    }
    try {
      connection = await io.labDc();
    } catch (e) {
      return fail({ exit: EXIT.failed, code: 'lab-dc-unavailable', message: `the lab DC is not available: ${(e as Error).message}` });
    }
  } else {
    const password = io.env[flags['password-env']!];
    if (!password) {
      return fail({
        exit: EXIT.usage,
        code: 'usage',
        message: `the environment variable ${flags['password-env']} (from --password-env) is not set or empty.`,
        extra: { flag: '--password-env' },
      });
    }
    const dc = await dcUrl(flags.url, io.env);
    if (!dc.ok) return fail(dc.failure);
    connection = { url: dc.url, bindDn: flags.bind!, password, caFile: flags['ca-file'], serverName: flags['server-name'], startTls: flags['start-tls'] };
  }
  redactor.add(connection.password);
  const warn = (t: string) => io.stderr(redactor.redactText(t));

  let dir: LdapDirectory | null = null;
  try {
    dir = await LdapDirectory.connect({ ...connection, timeoutMs: flags['timeout-ms'] });
    if (format === 'csv') io.stdout(CSV_HEADER);
    // Findings on attributes that must be unique are held until the scan ends (a later object may
    // make them duplicates, and a line once written cannot be taken back); the rest go out at once.
    // --format json holds them all: its one document is written at the end.
    const held = new Map<string, ScanFinding>();
    const written: ScanFinding[] = [];
    const emit = (f: ScanFinding) => (format === 'json' ? written.push(f) : io.stdout(findingLine(f, format)));
    let lastProgress = 0;
    let baseDns = [...(flags.base ?? []), ...(flags.ou ?? [])];
    let excludeDns = flags['exclude-ou'];
    if (flags['connect-scope']) {
      let scope: ServerScope;
      try {
        scope = await serverScope(flags, dir);
      } catch (e) {
        if (e instanceof Usage) return fail({ exit: EXIT.usage, code: 'usage', message: e.message, extra: { flag: '--lab-scenario' } });
        if (!(e instanceof HostError)) throw e;
        scope = {
          ok: false,
          reason: `the sync server could not be asked (${e.code}): ${e.message}`,
          advice: 'Run as an administrator on the sync server, or choose the OUs with --ou / --exclude-ou.',
        };
      }
      if (!scope.ok) {
        const message = `the sync server's OU filtering cannot be used: ${scope.reason} ${scope.advice.replace('Choose the OUs yourself', 'Choose the OUs with --ou / --exclude-ou')}`;
        return fail({ exit: EXIT.failed, code: 'no-connector-scope', message: redactor.redactText(message) });
      }
      warn(`scan: scope from the sync server: ${scope.description}\n`);
      baseDns = scope.baseDns;
      excludeDns = scope.excludeDns;
    }
    const summary = await runScan(dir, {
      baseDns,
      excludeDns,
      since,
      connections: flags.connections,
      // Read from the file for this scan alone: its index is updated in place, not copied.
      sinceDisposable: true,
      signal: io.signal,
      pageTimeoutMs: flags['timeout-ms'],
      onFinding: (f) => {
        if (UNIQUE_ATTRIBUTES.has(f.attribute)) held.set(f.id, f);
        else emit(f);
      },
      onResolved: (f) => warn(`resolved: ${f.dn} ${f.attribute} ${JSON.stringify(f.value)} (was ${f.errors.join(', ')})\n`),
      onProgress: (p: ScanProgress) => {
        if (p.phase === 'reading' && Date.now() - lastProgress < 1000) return;
        lastProgress = Date.now();
        warn(`scan: ${p.phase} ${p.read}${p.total !== null ? ` of ${p.total}` : ''} objects${uncounted(p)}, ${p.findings} findings\n`);
      },
    });
    for (const f of held.values()) emit(f);
    const stateFile = flags['save-state'] ?? flags.since ?? null;
    if (stateFile) saveScanState(stateFile, summary.state, stateKey);
    if (format === 'json') {
      const { state: _state, ...rest } = summary;
      io.stdout(`${redactor.redactText(JSON.stringify({ findings: written.map(findingRow), summary: { ...rest, stateFile } }, null, 2))}\n`);
    }
    warn(describeSummary(summary, stateFile));
    return summary.findings > 0 ? EXIT.findings : EXIT.clean;
  } catch (e) {
    // A scope the directory refuses (outside the domain, an exclusion outside every --ou) is the caller's input.
    if (e instanceof DirectoryError && e.code === 'bad-input') return fail({ exit: EXIT.usage, code: 'bad-scope', message: redactor.redactText(e.message) });
    return fail({ exit: EXIT.failed, code: 'failed', message: redactor.redactText(`the scan could not run: ${e instanceof Error ? e.message : String(e)}`) });
  } finally {
    await dir?.close();
  }
}
