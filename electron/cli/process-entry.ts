// Runs the CLI as a process: argv in, stdout/stderr out, Ctrl+C cancels, and the exit code comes
// back once everything written has left the process (a pipe to an RMM agent must not lose the
// end of a JSON document when the process exits).
import type { CliIo } from './io';
import { runCli } from './main';
import { errorStyle, EXIT, reportFailure } from './output';

export async function runCliProcess(argv: readonly string[], extra: Pick<CliIo, 'labDc'> = {}): Promise<number> {
  const interrupted = new AbortController();
  const onSigint = () => interrupted.abort();
  process.once('SIGINT', onSigint);
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    signal: interrupted.signal,
    ...extra,
  };
  let code: number;
  try {
    code = await runCli(argv, io);
  } catch (e) {
    code = reportFailure(io, errorStyle(argv), {
      exit: EXIT.failed,
      code: 'internal',
      message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  return code;
}

/** Resolves once the stream has handed over everything written to it so far. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writableNeedDrain) resolve();
    else stream.once('drain', () => resolve());
  });
}

/** The CLI's arguments when the app was started as `<app> --cli <command> …`, else null. */
export function cliArgsOf(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at < 0 ? null : argv.slice(at + 1);
}
