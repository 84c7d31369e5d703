// `scan apply` and `scan undo`: the workbench's batch from the command line, for scripted and MSP
// use. apply reads the CSV `scan --format csv` writes (edited) and the state that scan saved
// (--scan): every row to write must match one of its findings (object, attribute, current value),
// else the batch is refused by line before anything is read from the directory; it then previews
// every change and, with --yes, checks the scan is of the connected directory, writes the undo file
// first and applies, each row only to the objectGUID the scan recorded; undo reads that file back. Exit 0 when every row
// applied, 1 when some were skipped or failed (listed on stderr), 2 usage, 3 could not run.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeCsvProblem, parseChangesCsv, type CsvProblem } from '../../shared/readiness/scan/csv';
import { batchSucceeded, previewOf, type BatchResult } from '../../shared/readiness/batch';
import type { UndoBatch } from '../../shared/readiness/undo-ldif';
import { describeChange, rowToChange, type ValueChange } from '../../shared/readiness/value-change';
import { processActor } from '../audit/actor';
import { AUDIT_FILE_NAME, AuditLog } from '../audit/audit-log';
import { LdapDirectory } from '../directory/ldap-directory';
import { Redactor } from '../secrets/redactor';
import { applyBatch, undoBatch } from '../readiness/run-batch';
import { LdapReadinessStore } from '../readiness/readiness-store';
import { readOwnUndoFile, UndoFileRefused } from '../readiness/undo-files';
import { CONNECTION_FLAG_FIELDS, CONNECTION_FLAG_OPTIONS } from './connection-flags';
import type { CliIo } from './io';
import { errorStyle, reportFailure, usageFailure, type CliFailure } from './output';
import { BoundedFileError, readBoundedTextSync } from '../files/bounded-file';
import { cliDirs, CliDirsError, type CliDirs } from './cli-dirs';
import { dcUrl } from './dc-url';
import { bindChangesToScan, describeUnboundRow, type RowChange } from '../../shared/readiness/scan/bind-to-scan';
import { dnEquals } from '../../shared/ldap/dn';
import { InstallKey, SealError } from '../audit/install-key';
import { loadCurrentScanState, type ScanState } from '../readiness/scan/scan-state';

export const SCAN_APPLY_USAGE = `Usage: dirsync-doctor scan apply --changes <file.csv> --scan <state> [--yes] [--format json|text] <connection>
       dirsync-doctor scan undo --batch <undo.ldif> [--yes] [--format json|text] <connection>

  --changes <file.csv>    the CSV \`scan --format csv\` writes, with actions edited (edit, remove, complete)
  --scan <state>          the state that scan saved (\`scan --format csv --save-state <state>\`): every row
                          to write must match one of its findings (same object, attribute and current
                          value) and is written only to the objectGUID the scan recorded; the scan must be
                          of the directory --url reaches (its naming context). Any other row refuses the
                          whole batch, each named by its line; nothing is written
  --batch <file>          an undo file the app wrote (in its undo folder beside the audit log, recorded
                          in the audit log); any other file is refused
The undo file of an apply is written to the undo folder beside the audit log before anything changes;
its path is printed.
  --yes                   apply; without it the preview is printed and nothing changes
  --format json|text      text lines (default), or one JSON document {"preview":{…},"result":{…}|null};
                          with json, errors are JSON on stdout: {"error":{"code","message","exitCode",…}}
Connection (as for scan):
  --url <ldaps://host:636> the domain controller (found automatically on a domain-joined server)
  --bind <upn>  --password-env <VAR>  [--ca-file <file>] [--server-name <name>] [--start-tls] [--timeout-ms <n>]

Exit codes: 0 every row applied (or previewed), 1 some rows skipped or failed (listed on stderr), 2 usage error, 3 could not run.`;

const EXIT = { ok: 0, partial: 1, usage: 2, failed: 3 } as const;

class Usage extends Error {}

const Flags = z
  .object({
    changes: z.string().min(1).optional(),
    scan: z.string().min(1).optional(),
    'out-undo': z.string().min(1).optional(),
    batch: z.string().min(1).optional(),
    yes: z.boolean().optional(),
    format: z.enum(['json', 'text'], { message: '--format takes json or text' }).optional(),
    lab: z.string().optional(),
    ...CONNECTION_FLAG_FIELDS,
    'timeout-ms': z.coerce.number().int().min(100).max(600_000).default(15_000),
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
        changes: { type: 'string' },
        scan: { type: 'string' },
        'out-undo': { type: 'string' },
        batch: { type: 'string' },
        yes: { type: 'boolean' },
        format: { type: 'string' },
        lab: { type: 'string' },
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
  return f.data;
}

/** Is this argv (after the program name) `scan apply …` or `scan undo …`? */
export const isScanApplyCommand = (argv: readonly string[]) => argv[0] === 'scan' && (argv[1] === 'apply' || argv[1] === 'undo');

/** The apply rows of a changes CSV, or the problems by line and column. */
export function changesFromCsv(text: string): { changes: RowChange[]; completed: number; problems: CsvProblem[] } {
  const { rows, problems } = parseChangesCsv(text);
  const changes: RowChange[] = [];
  let completed = 0;
  for (const row of rows) {
    const r = rowToChange(row, `line ${row.line}`);
    if ('problem' in r) problems.push({ line: row.line, column: r.problem.column, message: r.problem.message });
    else if ('complete' in r) completed++;
    else changes.push({ line: row.line, change: r.change });
  }
  problems.sort((a, b) => a.line - b.line);
  return { changes, completed, problems };
}

export async function runScanApply(argv: readonly string[], io: CliIo): Promise<number> {
  const sub = argv[1] as 'apply' | 'undo';
  const style = errorStyle(argv);
  const json = style === 'json';
  const redactor = new Redactor();
  const fail = (f: CliFailure) =>
    reportFailure({ stdout: io.stdout, stderr: (t) => io.stderr(redactor.redactText(t)) }, style, { ...f, message: redactor.redactText(f.message) });
  let flags: Flags;
  try {
    flags = parseFlags(argv.slice(2));
    if (flags.help) {
      io.stdout(`${SCAN_APPLY_USAGE}\n`);
      return EXIT.ok;
    }
    if (flags.lab !== undefined) throw new Usage(`scan ${sub} writes to a real directory: give --url (the lab directory lives only inside one run)`);
    if (flags['out-undo'] !== undefined)
      throw new Usage(
        `--out-undo is no longer taken: the undo file is kept in the app's undo folder beside the audit log (its path is printed), where only the app's own files are accepted by scan undo`,
      );
    if (sub === 'apply') {
      if (!flags.changes) throw new Usage('scan apply needs --changes <file.csv>');
      if (!flags.scan)
        throw new Usage(
          'scan apply needs --scan <state>: the state saved by the scan the CSV came from (scan --format csv --save-state <state>); only rows matching its findings are written',
        );
      if (flags.batch) throw new Usage('--batch belongs to scan undo');
    } else {
      if (!flags.batch) throw new Usage('scan undo needs --batch <undo file>');
      if (flags.changes) throw new Usage('--changes belongs to scan apply');
      if (flags.scan) throw new Usage('--scan belongs to scan apply (an undo file is checked against the audit log instead)');
    }
    if (!flags.bind || !flags['password-env']) throw new Usage('--bind and --password-env are needed to write to the directory');
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    return usageFailure(io, style, e.message, SCAN_APPLY_USAGE);
  }
  let dirs: CliDirs;
  try {
    dirs = await cliDirs(io);
  } catch (e) {
    if (!(e instanceof CliDirsError)) throw e;
    return fail({ exit: EXIT.usage, code: 'usage', message: e.message });
  }
  const password = io.env[flags['password-env']!];
  if (!password) {
    return fail({
      exit: EXIT.usage,
      code: 'usage',
      message: `the environment variable ${flags['password-env']} (from --password-env) is not set or empty.`,
      extra: { flag: '--password-env' },
    });
  }
  redactor.add(password);
  // With --format json the text lines give way to one document at the end.
  const say = (t: string) => {
    if (!json) io.stdout(redactor.redactText(t));
  };
  const warn = (t: string) => io.stderr(redactor.redactText(t));

  // Read and check the input completely before connecting: a bad file changes nothing.
  let changes: ValueChange[];
  let completed = 0;
  let undoOf: UndoBatch | null = null;
  let boundTo: ScanState | null = null;
  const inputFile = sub === 'apply' ? flags.changes! : flags.batch!;
  let text: string;
  try {
    text = readBoundedTextSync(inputFile, sub === 'apply' ? 'csv' : 'undo-ldif');
  } catch (e) {
    if (e instanceof BoundedFileError) return fail({ exit: EXIT.usage, code: 'unreadable', message: e.message, extra: { file: inputFile, rule: e.code } });
    return fail({
      exit: EXIT.usage,
      code: 'unreadable',
      message: `cannot read ${inputFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      extra: { file: inputFile },
    });
  }
  if (sub === 'apply') {
    const parsed = changesFromCsv(text);
    if (parsed.problems.length) {
      if (json) {
        const message = `${inputFile} has ${parsed.problems.length} problem(s); nothing was changed`;
        return fail({ exit: EXIT.usage, code: 'bad-changes-file', message, extra: { file: inputFile, problems: parsed.problems } });
      }
      warn(`dirsync-doctor: ${inputFile} has ${parsed.problems.length} problem(s); nothing was changed:\n`);
      for (const p of parsed.problems) warn(`  ${describeCsvProblem(p)}\n`);
      return EXIT.usage;
    }
    // Bound to what the app saw: every row to write must match a finding of the saved scan.
    try {
      boundTo = loadCurrentScanState(flags.scan!, InstallKey.besideAudit(dirs.auditDir));
    } catch (e) {
      const rule = e instanceof BoundedFileError ? e.code : e instanceof Error && e.cause instanceof SealError ? e.cause.rule : 'bad-state';
      return fail({
        exit: EXIT.usage,
        code: 'bad-scan-file',
        message: `--scan: ${(e as Error).message}; nothing was changed`,
        extra: { file: flags.scan, rule },
      });
    }
    const bound = bindChangesToScan(parsed.changes, boundTo.findings);
    if (bound.unbound.length) {
      const message = `${inputFile}: ${bound.unbound.length} row(s) match no finding of the scan in ${flags.scan}; nothing was changed`;
      if (json) return fail({ exit: EXIT.usage, code: 'rows-not-in-scan', message, extra: { file: inputFile, scan: flags.scan, rows: bound.unbound } });
      warn(`dirsync-doctor: ${message}:\n`);
      for (const u of bound.unbound) warn(`  ${describeUnboundRow(u)}\n`);
      return EXIT.usage;
    }
    changes = bound.changes;
    completed = parsed.completed;
  } else {
    try {
      // Only the app's own undo file: in its undo folder, its SHA-256 the one the audit log recorded.
      undoOf = readOwnUndoFile(inputFile, dirs.undoDir, { file: path.join(dirs.auditDir, AUDIT_FILE_NAME) });
    } catch (e) {
      if (!(e instanceof UndoFileRefused)) throw e;
      return fail({ exit: EXIT.usage, code: 'bad-undo-file', message: e.message, extra: { file: inputFile, rule: e.rule } });
    }
    changes = undoOf.restores;
  }

  const preview = previewOf(changes, completed);
  const byAttr = Object.entries(preview.byAttribute)
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
  if (boundTo)
    say(
      `Scan: ${boundTo.namingContext}, scanned ${boundTo.scannedAt} from ${boundTo.dcHostName} (${boundTo.findings.length} finding(s)); every row matches one.\n`,
    );
  say(
    `${sub === 'apply' ? 'Apply' : `Undo of batch ${undoOf!.batchId} (${undoOf!.createdAt})`}: ${preview.changes.length} change(s) to ${preview.objects} object(s)${byAttr ? ` (${byAttr})` : ''}${completed ? `; ${completed} row(s) marked complete, nothing to write` : ''}.\n`,
  );
  for (const c of changes) say(`  ${c.source}  ${c.dn}  ${describeChange(c)}\n`);
  const previewDoc = {
    command: `scan ${sub}`,
    file: inputFile,
    ...(boundTo ? { scan: { file: flags.scan, namingContext: boundTo.namingContext, scannedAt: boundTo.scannedAt, dcHostName: boundTo.dcHostName } } : {}),
    changes: preview.changes.length,
    objects: preview.objects,
    byAttribute: preview.byAttribute,
    completed,
    rows: changes.map((c) => ({ source: c.source, dn: c.dn, change: describeChange(c) })),
  };
  const document = (result: Record<string, unknown> | null) => {
    if (json) io.stdout(`${redactor.redactText(JSON.stringify({ preview: previewDoc, applied: result !== null, result }, null, 2))}\n`);
  };
  if (!flags.yes) {
    say(`Nothing was changed. Run again with --yes to ${sub === 'apply' ? 'apply (the undo file is written first)' : 'undo'}.\n`);
    document(null);
    return EXIT.ok;
  }
  if (!changes.length) {
    say('Nothing to write.\n');
    document(null);
    return EXIT.ok;
  }

  const dc = await dcUrl(flags.url, io.env);
  if (!dc.ok) return fail(dc.failure);
  const url = dc.url;
  let dir: LdapDirectory;
  try {
    dir = await LdapDirectory.connect({
      url,
      bindDn: flags.bind!,
      password,
      caFile: flags['ca-file'],
      serverName: flags['server-name'],
      startTls: flags['start-tls'] ?? false,
      timeoutMs: flags['timeout-ms'],
    });
  } catch (e) {
    return fail({ exit: EXIT.failed, code: 'directory-unreachable', message: `could not connect to Active Directory: ${(e as Error).message}` });
  }
  if (boundTo) {
    // The scan must be of this directory: a CSV and state from another domain write nothing here.
    let here: string | null;
    try {
      here = (await dir.info()).baseDn;
    } catch (e) {
      await dir.close();
      return fail({ exit: EXIT.failed, code: 'directory-unreachable', message: `could not read the directory's naming context: ${(e as Error).message}` });
    }
    if (!here || !dnEquals(here, boundTo.namingContext)) {
      await dir.close();
      return fail({
        exit: EXIT.usage,
        code: 'scan-of-another-directory',
        message: `--scan ${flags.scan} is a scan of ${boundTo.namingContext}, but ${url} is ${here ?? 'a directory without a default naming context'}; nothing was changed`,
        extra: { file: flags.scan },
      });
    }
  }
  const controller = new AbortController();
  const onSigint = () => {
    warn('dirsync-doctor: cancelling after the current write…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const audit = new AuditLog(dirs.dataDir, redactor, undefined, dirs.auditDir);
    const options = {
      store: new LdapReadinessStore(dir),
      audit,
      actor: safeUser(),
      host: os.hostname(),
      origin: sub === 'apply' ? `scan apply ${path.basename(inputFile)}` : `scan undo ${path.basename(inputFile)}`,
      signal: controller.signal,
    };
    let result: BatchResult;
    const batchId = randomUUID();
    try {
      result = sub === 'apply' ? await applyBatch(changes, path.join(dirs.undoDir, `${batchId}.ldif`), options, batchId) : await undoBatch(undoOf!, options);
    } catch (e) {
      return fail({ exit: EXIT.failed, code: 'failed', message: `${sub} could not run: ${(e as Error).message}` });
    }
    if (result.undoFile) say(`Undo file: ${result.undoFile}\n`);
    for (const r of result.rows) {
      const line = `${r.status}  ${r.change.source}  ${r.change.dn}  ${describeChange(r.change)}${r.reason ? `: ${r.reason}` : ''}\n`;
      if (r.status === 'applied' || r.status === 'unchanged') say(line);
      else if (!json) warn(line);
    }
    const c = result.counts;
    document({
      undoFile: result.undoFile ?? null,
      counts: c,
      rows: result.rows.map((r) => ({
        status: r.status,
        source: r.change.source,
        dn: r.change.dn,
        change: describeChange(r.change),
        reason: r.reason ?? null,
      })),
    });
    say(
      `${c.applied} applied, ${c.skipped} skipped, ${c.failed} failed${c.cancelled ? `, ${c.cancelled} cancelled` : ''}${c.unchanged ? `, ${c.unchanged} already as before` : ''}.\n`,
    );
    return batchSucceeded(result) ? EXIT.ok : EXIT.partial;
  } finally {
    process.off('SIGINT', onSigint);
    await dir.close();
  }
}

const safeUser = (): string => processActor();
