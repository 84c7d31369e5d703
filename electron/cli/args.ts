// Command-line arguments for the CLI, parsed strictly: an unknown flag, a missing value or a
// bad combination is a usage error naming the flag. Passwords never come on the command line
// (other users can read it from the process list): --password-env names a variable instead.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CONNECTION_FLAG_FIELDS, CONNECTION_FLAG_OPTIONS } from './connection-flags';

export class UsageError extends Error {}

const CONNECTION_HELP = `  --lab <scenario>        a simulated sync server (lab mode) and its lab directory;
                          --lab list lists the scenarios
  --lab-file <path>       a lab scenario from a JSON file anywhere (instead of --lab)
  --url <ldaps://host:636> Active Directory to use (ldaps://, or ldap:// with --start-tls);
                          on a domain-joined server the domain controller is found when omitted
  --bind <upn>            account to bind as, e.g. admin@contoso.com
  --password-env <VAR>    name of the environment variable holding that account's password
  --ca-file <file>        PEM file of a CA to trust for the directory's certificate
  --server-name <name>    name to check the certificate against, when it differs from the URL's
  --start-tls             use StartTLS on an ldap:// URL
  --timeout-ms <n>        time limit for each probe (default 10000)`;

export const USAGE = `Usage: dirsync-doctor <command> [options]      (installed app: "DirSync Doctor.exe" --cli <command> …)

Commands:
  diagnose [options]                              what is wrong with directory synchronization on
                                                  this server, worst first
  report --out <file.zip> [--pseudonymise] [opts] the support bundle: manifest, HTML report, the same
                                                  as JSON, and the server facts (diagnose --lab-file
                                                  <bundle> replays them); never overwrites a file
  fix <finding-id> [--yes] [options]              the plan that fixes one finding of diagnose; with
                                                  --yes the change is made and the step's check runs again
  scan --format jsonl|json|csv <connection>       the readiness scan (see scan --help)
  scan apply --changes <file.csv> --scan <state>  apply an edited scan CSV, only rows that match a
                                                  finding of that saved scan (see scan apply --help)
  scan undo --batch <undo.ldif>                   undo an applied batch (see scan undo --help)
  gap snapshot --out <file> [options]             record the objects in sync scope before the old
                                                  sync tool is stopped or removed
  gap list --snapshot <file> [options]            the objects of that snapshot deleted since, which the
                                                  cloud never hears about while no sync tool runs
  audit verify [--file <audit.jsonl>]             check the audit log's hash chain (see audit verify --help)
  help                                            this text; <command> --help for one command

fix <finding-id> prints the plan and changes nothing. With --yes the change is made and the
step's check runs again (a password the fix needs is generated and never printed). Exit 0 only
when the re-check passes.

Options of diagnose, report, fix and gap:
${CONNECTION_HELP}
  --format json|text      diagnose and fix output (default text); gap list: csv|json (default csv);
                          gap snapshot: json. With json, errors are JSON on stdout too:
                          {"error":{"code","message","exitCode",…}}
  --out <file>            gap snapshot, report, gap list: the file to write (never overwritten;
                          readable by its owner only); gap list writes to stdout without it
  --pseudonymise          report: user names, addresses, DNs, server and tenant names become
                          stable keyed hashes (the same name, the same hash, across the bundle)
  --snapshot <file>       gap list: the snapshot to compare with
  --yes                   fix: make the change (without it, fix only prints the plan)

Exit codes: 0 nothing needs attention (gap list: nothing deleted), 1 findings need attention
(gap list: deletions found), 2 usage error, 3 could not diagnose or read the directory.`;

/** The commands, for "missing command" and "unknown command". */
export const COMMANDS = ['diagnose', 'report', 'fix', 'scan', 'scan apply', 'scan undo', 'gap snapshot', 'gap list', 'audit verify', 'help'] as const;

const Options = z
  .object({
    lab: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, '--lab takes a scenario id (lower-case letters, digits, -)')
      .optional(),
    'lab-file': z.string().min(1, '--lab-file takes a path').optional(),
    ...CONNECTION_FLAG_FIELDS,
    'timeout-ms': z.coerce.number().int().min(100).max(600_000).default(10_000),
    format: z.enum(['json', 'text', 'csv'], { message: '--format takes json or text (gap list: csv or json)' }).optional(),
    out: z.string().min(1).optional(),
    snapshot: z.string().min(1).optional(),
    help: z.boolean().optional(),
    yes: z.boolean().optional(),
    pseudonymise: z.boolean().optional(),
  })
  .strict();

type DirectoryArgs = { url?: string; bind: string; passwordEnv: string; caFile?: string; serverName?: string; startTls: boolean } | null;

export interface DiagnoseArgs {
  command: 'diagnose' | 'help';
  lab: string | null;
  /** --lab-file: a scenario file from any path (lab mode). */
  labFile?: string | null;
  directory: DirectoryArgs;
  timeoutMs: number;
  format: 'json' | 'text';
}

export type GapArgs =
  | { command: 'gap'; action: 'snapshot'; lab: string | null; directory: DirectoryArgs; timeoutMs: number; out: string; format?: 'json' }
  | { command: 'gap'; action: 'list'; lab: string | null; directory: DirectoryArgs; timeoutMs: number; snapshot: string; format: 'csv' | 'json'; out?: string };

/** fix <finding-id> [--yes]: plan → (apply → re-check) for one finding. */
export interface FixArgs {
  command: 'fix';
  findingId: string;
  yes: boolean;
  lab: string | null;
  /** --lab-file: a scenario file from any path (lab mode), as for diagnose. */
  labFile?: string | null;
  directory: DirectoryArgs;
  timeoutMs: number;
  format: 'json' | 'text';
}

/** report --out <file>: the support bundle (zip) of a diagnosis. */
export interface ReportArgs {
  command: 'report';
  out: string;
  pseudonymise: boolean;
  lab: string | null;
  labFile?: string | null;
  directory: DirectoryArgs;
  timeoutMs: number;
  format: 'json' | 'text';
}

export type CliArgs = DiagnoseArgs | GapArgs | FixArgs | ReportArgs;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        lab: { type: 'string' },
        'lab-file': { type: 'string' },
        ...CONNECTION_FLAG_OPTIONS,
        'timeout-ms': { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        snapshot: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        yes: { type: 'boolean' },
        pseudonymise: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === 'help') return { command: 'help', lab: null, directory: null, timeoutMs: 0, format: 'text' };
  if (command !== 'diagnose' && command !== 'gap' && command !== 'fix' && command !== 'report')
    throw new UsageError(command ? `unknown command "${command}" (commands: ${COMMANDS.join(', ')})` : `missing command (${COMMANDS.join(', ')})`);
  const action = command === 'gap' || command === 'fix' ? rest.shift() : undefined;
  if (command === 'fix') {
    if (!action) throw new UsageError('fix needs a finding id (from diagnose), e.g. fix service-account-disabled');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(action)) throw new UsageError(`fix: "${action}" is not a finding id (lower-case letters, digits, -)`);
  }
  if (command !== 'fix' && parsed.values.yes) throw new UsageError('--yes belongs to the fix command');
  if (command === 'gap' && action !== 'snapshot' && action !== 'list') {
    throw new UsageError(action ? `unknown gap action "${action}" (snapshot or list)` : 'gap needs an action: snapshot or list');
  }
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);

  const o = Options.safeParse(parsed.values);
  // Every message names its flag: zod's own ones ("expected number") get it put in front.
  if (!o.success) throw new UsageError(o.error.issues.map((i) => (i.message.includes('--') ? i.message : `--${i.path.join('.')}: ${i.message}`)).join('; '));
  const v = o.data;
  if (v['lab-file'] !== undefined && v.lab !== undefined) throw new UsageError('--lab and --lab-file: give one of them');
  if (v['lab-file'] !== undefined && command !== 'diagnose' && command !== 'fix' && command !== 'report')
    throw new UsageError('--lab-file belongs to the diagnose, report and fix commands');
  if (v.pseudonymise && command !== 'report') throw new UsageError('--pseudonymise belongs to the report command');
  const dirFlags = [v.bind, v['password-env']];
  let directory: DirectoryArgs = null;
  if (v.url !== undefined || dirFlags.some((x) => x !== undefined)) {
    if (dirFlags.some((x) => x === undefined)) throw new UsageError('--bind and --password-env go together (and with --url)');
    if (v.lab && !v.url) throw new UsageError('--lab with a directory needs --url (there is nothing to discover in a lab)');
    directory = {
      url: v.url,
      bind: v.bind!,
      passwordEnv: v['password-env']!,
      caFile: v['ca-file'],
      serverName: v['server-name'],
      startTls: v['start-tls'] ?? false,
    };
  } else if (v['ca-file'] || v['server-name'] || v['start-tls']) {
    throw new UsageError('--ca-file, --server-name and --start-tls need --url');
  }
  const base = { lab: v.lab ?? null, directory, timeoutMs: v['timeout-ms'] };

  if (command === 'fix') {
    if (v.out !== undefined || v.snapshot !== undefined) throw new UsageError('--out and --snapshot belong to the gap command');
    if (v.format === 'csv') throw new UsageError('fix --format takes json or text');
    return { command: 'fix', findingId: action!, yes: v.yes ?? false, ...base, labFile: v['lab-file'] ?? null, format: v.format ?? 'text' };
  }
  if (command === 'report') {
    if (!v.out) throw new UsageError('report needs --out <file> (the support bundle, a zip)');
    if (v.snapshot !== undefined) throw new UsageError('--snapshot belongs to the gap command');
    if (v.format === 'csv') throw new UsageError('report --format takes json or text');
    return { command: 'report', ...base, labFile: v['lab-file'] ?? null, out: v.out, pseudonymise: v.pseudonymise ?? false, format: v.format ?? 'text' };
  }
  if (command === 'diagnose') {
    if (v.out !== undefined || v.snapshot !== undefined) throw new UsageError('--out and --snapshot belong to the gap command');
    if (v.format === 'csv') throw new UsageError('diagnose --format takes json or text');
    return { command: 'diagnose', ...base, labFile: v['lab-file'] ?? null, format: v.format ?? 'text' };
  }
  if (!v.lab && !directory) throw new UsageError('gap needs a directory: --bind and --password-env (and --url), or --lab');
  if (action === 'snapshot') {
    if (!v.out) throw new UsageError('gap snapshot needs --out <file>');
    if (v.snapshot !== undefined) throw new UsageError('gap snapshot takes --out, not --snapshot');
    if (v.format !== undefined && v.format !== 'json') throw new UsageError('gap snapshot --format takes json (its only output)');
    return { command: 'gap', action: 'snapshot', ...base, out: v.out, format: v.format };
  }
  if (!v.snapshot) throw new UsageError('gap list needs --snapshot <file>');
  if (v.format === 'text') throw new UsageError('gap list --format takes csv or json');
  return { command: 'gap', action: 'list', ...base, snapshot: v.snapshot, format: v.format ?? 'csv', ...(v.out !== undefined ? { out: v.out } : {}) };
}
