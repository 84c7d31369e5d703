// Command-line arguments for the CLI, parsed strictly: an unknown flag, a missing value or a
// bad combination is a usage error naming the flag. Passwords never come on the command line
// (other users can read it from the process list): --password-env names a variable instead.
import { parseArgs } from 'node:util';
import { z } from 'zod';

export class UsageError extends Error {}

export const USAGE = `Usage: dirsync-doctor diagnose [options]

  --lab <scenario>        diagnose a simulated sync server (lab mode); list them with --lab list
  --url <ldaps://host:636> Active Directory to check (ldaps://, or ldap:// with --start-tls);
                          on a domain-joined server the domain controller is found when omitted
  --bind <upn>            account to bind as, e.g. admin@contoso.com
  --password-env <VAR>    name of the environment variable holding that account's password
  --ca-file <file>        PEM file of a CA to trust for the directory's certificate
  --server-name <name>    name to check the certificate against, when it differs from the URL's
  --start-tls             use StartTLS on an ldap:// URL
  --timeout-ms <n>        time limit for each probe (default 10000)
  --format json|text      output format (default text)

Exit codes: 0 nothing needs attention, 1 findings need attention, 2 usage error, 3 could not diagnose.`;

const Options = z
  .object({
    lab: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '--lab takes a scenario id (lower-case letters, digits, -)').optional(),
    url: z.string().regex(/^ldaps?:\/\/[^\s/]+(:\d+)?\/?$/i, '--url must look like ldaps://host:636').optional(),
    bind: z.string().min(1).optional(),
    'password-env': z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '--password-env takes a variable name').optional(),
    'ca-file': z.string().min(1).optional(),
    'server-name': z.string().min(1).optional(),
    'start-tls': z.boolean().optional(),
    'timeout-ms': z.coerce.number().int().min(100).max(600_000).default(10_000),
    format: z.enum(['json', 'text']).default('text'),
    help: z.boolean().optional(),
  })
  .strict();

export interface DiagnoseArgs {
  command: 'diagnose' | 'help';
  lab: string | null;
  directory: { url?: string; bind: string; passwordEnv: string; caFile?: string; serverName?: string; startTls: boolean } | null;
  timeoutMs: number;
  format: 'json' | 'text';
}

export function parseCliArgs(argv: readonly string[]): DiagnoseArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        lab: { type: 'string' },
        url: { type: 'string' },
        bind: { type: 'string' },
        'password-env': { type: 'string' },
        'ca-file': { type: 'string' },
        'server-name': { type: 'string' },
        'start-tls': { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === 'help') return { command: 'help', lab: null, directory: null, timeoutMs: 0, format: 'text' };
  if (command !== 'diagnose') throw new UsageError(command ? `unknown command "${command}"` : 'missing command (diagnose)');
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);

  const o = Options.safeParse(parsed.values);
  if (!o.success) throw new UsageError(o.error.issues.map((i) => i.message).join('; '));
  const v = o.data;
  const dirFlags = [v.bind, v['password-env']];
  let directory: DiagnoseArgs['directory'] = null;
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
  return { command: 'diagnose', lab: v.lab ?? null, directory, timeoutMs: v['timeout-ms'], format: v.format };
}
