// `dirsync-doctor audit verify [--file F]`: checks the audit log's hash chain and names the first
// broken line. Exit 0 intact, 1 broken, 2 usage error, 3 the file could not be read.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_FILE_NAME, verifyAuditText } from '../audit/audit-log';
import type { CliIo } from './io';

export const AUDIT_USAGE = `Usage: dirsync-doctor audit verify [--file <audit.jsonl>]

Checks that no line of the audit log was edited, removed, inserted or moved since it was written
(each line carries the SHA-256 of the one before). Default file: the CLI's own audit log.
Exit codes: 0 intact, 1 broken (the first broken line is named), 2 usage error, 3 could not read the file.`;

export const isAuditCommand = (argv: readonly string[]) => argv[0] === 'audit';

export async function runAuditVerify(argv: readonly string[], io: CliIo): Promise<number> {
  let file: string;
  try {
    const { values, positionals } = parseArgs({ args: argv.slice(1), allowPositionals: true, strict: true, options: { file: { type: 'string' } } });
    if (positionals[0] !== 'verify' || positionals.length !== 1) throw new Error(positionals[0] ? `unknown audit action "${positionals.slice(0).join(' ')}" (verify)` : 'audit needs an action: verify');
    if (values.file !== undefined && values.file.trim() === '') throw new Error('--file is empty');
    file = values.file ?? path.join(io.env.DSD_DATA_DIR ?? path.join(os.homedir(), '.dirsync-doctor'), 'audit', AUDIT_FILE_NAME);
  } catch (e) {
    io.stderr(`dirsync-doctor: ${(e as Error).message}\n\n${AUDIT_USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    io.stderr(`dirsync-doctor: could not read the audit log ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return 3;
  }
  const verdict = verifyAuditText(text);
  if (verdict.ok) {
    io.stdout(`${file}: intact, ${verdict.lines} line(s)\n`);
    return 0;
  }
  io.stdout(`${file}: broken at line ${verdict.line} of ${verdict.lines}: ${verdict.reason}\n`);
  return 1;
}
