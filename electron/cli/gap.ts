// `gap snapshot` and `gap list`: the deletion-gap work without the app, on the session's
// directory (the one --url/--bind connected, or the lab directory with --lab).
import fs from 'node:fs';
import { gapCsv } from '../../shared/domain/gap';
import type { AppSession } from '../app/session';
import { listDeletedSince, readGapSnapshot } from '../gap/deleted-since';
import { writeGapSnapshot } from '../gap/gap-snapshot';
import type { GapArgs } from './args';
import type { CliIo } from './io';
import { reportFailure } from './output';

const EXIT = { none: 0, deletions: 1, failed: 3 } as const;

export async function runGap(args: GapArgs, session: AppSession, io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const style = args.format === 'json' ? 'json' : 'text';
  const directory = session.ports().directory;
  if (!directory) {
    return reportFailure(io, style, {
      exit: EXIT.failed,
      code: 'no-directory',
      message: 'no Active Directory connection; pass --bind and --password-env (and --url), or --lab.',
    });
  }
  const opts = { timeoutMs: args.timeoutMs };
  try {
    if (args.action === 'snapshot') {
      const r = await writeGapSnapshot(directory, args.out, {
        ...opts,
        onProgress: (n) => io.stderr(`recorded ${n} objects\n`),
      });
      io.stdout(`${JSON.stringify({ file: r.file, takenAt: r.header.takenAt, domain: r.header.domain, count: r.count }, null, 2)}\n`);
      return EXIT.none;
    }
    const snapshot = await readGapSnapshot(args.snapshot);
    const report = await listDeletedSince(directory, snapshot, opts);
    const text = args.format === 'csv' ? gapCsv(report.deleted) : `${JSON.stringify(session.redactor.redact(report), null, 2)}\n`;
    if (args.out) {
      // Owner only (0600 on POSIX), never over an existing file: the list holds DNs, UPNs and mail.
      try {
        fs.writeFileSync(args.out, text, { flag: 'wx', mode: 0o600 });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(
          code === 'EEXIST' ? `${args.out} already exists; choose a new file name` : `${args.out}: cannot write (${code ?? (e as Error).message})`,
          { cause: e },
        );
      }
      io.stderr(`wrote ${report.deleted.length} deleted object(s) to ${args.out}\n`);
    } else io.stdout(text);
    return report.deleted.length ? EXIT.deletions : EXIT.none;
  } catch (e) {
    const message = `gap ${args.action} failed: ${session.redactor.redactText(e instanceof Error ? e.message : String(e))}`;
    return reportFailure(io, style, { exit: EXIT.failed, code: 'failed', message });
  }
}
