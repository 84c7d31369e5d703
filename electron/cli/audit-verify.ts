// `dirsync-doctor audit verify [--file F] [--format json|text]`: checks the audit log's hash chain
// and names the first broken line. Exit 0 intact, 1 broken, 2 usage error, 3 the file could not be read.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_FILE_NAME, verifyAuditText } from '../audit/audit-log';
import type { CliIo } from './io';
import { errorStyle, EXIT, reportFailure, usageFailure } from './output';
import { BoundedFileError, readBoundedText } from '../files/bounded-file';
import { cliDirs, CliDirsError } from './cli-dirs';

export const AUDIT_USAGE = `Usage: dirsync-doctor audit verify [--file <audit.jsonl>] [--format json|text]

Checks that no line of the audit log was edited, removed, inserted or moved since it was written
(each line carries the SHA-256 of the one before). Default file: the audit log the CLI and the app write (in an installed Windows build, the administrators-only one in ProgramData).
  --format json|text      {"file","intact","lines","brokenAt","reason"} or a line of text (default)
Exit codes: 0 intact, 1 broken (the first broken line is named), 2 usage error, 3 could not read the file.`;

export const isAuditCommand = (argv: readonly string[]) => argv[0] === 'audit';

export async function runAuditVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const style = errorStyle(argv);
  let file: string;
  let fileFlag: string | undefined;
  let format: 'json' | 'text';
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      strict: true,
      options: { file: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(`${AUDIT_USAGE}\n`);
      return EXIT.healthy;
    }
    if (positionals[0] !== 'verify' || positionals.length !== 1)
      throw new Error(positionals[0] ? `unknown audit action "${positionals.join(' ')}" (verify)` : 'audit needs an action: verify');
    if (values.file !== undefined && values.file.trim() === '') throw new Error('--file is empty');
    if (values.format !== undefined && values.format !== 'json' && values.format !== 'text')
      throw new Error(`--format takes json or text, not "${values.format}"`);
    format = values.format === 'json' ? 'json' : 'text';
    fileFlag = values.file;
  } catch (e) {
    return usageFailure(io, style, (e as Error).message, AUDIT_USAGE);
  }
  try {
    file = fileFlag ?? path.join((await cliDirs(io)).auditDir, AUDIT_FILE_NAME);
  } catch (e) {
    if (!(e instanceof CliDirsError)) throw e;
    return reportFailure(io, style, { exit: EXIT.usage, code: 'usage', message: e.message });
  }
  let text: string;
  try {
    text = await readBoundedText(file, 'audit-log');
  } catch (e) {
    if (e instanceof BoundedFileError)
      return reportFailure(io, style, {
        exit: EXIT.failed,
        code: 'unreadable',
        message: `could not read the audit log: ${e.message}`,
        extra: { file, rule: e.code },
      });
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return reportFailure(io, style, { exit: EXIT.failed, code: 'unreadable', message: `could not read the audit log ${file} (${reason})`, extra: { file } });
  }
  const verdict = verifyAuditText(text);
  if (format === 'json') {
    const doc = verdict.ok
      ? { file, intact: true, lines: verdict.lines, brokenAt: null, reason: null }
      : { file, intact: false, lines: verdict.lines, brokenAt: verdict.line, reason: verdict.reason };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    io.stdout(verdict.ok ? `${file}: intact, ${verdict.lines} line(s)\n` : `${file}: broken at line ${verdict.line} of ${verdict.lines}: ${verdict.reason}\n`);
  }
  return verdict.ok ? EXIT.healthy : EXIT.attention;
}
