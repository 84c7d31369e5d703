// How every CLI command reports an error: with --format json one JSON document on stdout,
// {"error":{"code","message","exitCode",…}}, so an RMM tool that asked for JSON always gets JSON;
// otherwise (text, csv, scan's jsonl stream) a line on stderr, with the usage after a usage error.
import type { CliIo } from './io';

/** 4: `fix` refused before changing anything, because the finding follows from a cause that would make its fix fail. */
export const EXIT = { healthy: 0, attention: 1, usage: 2, failed: 3, causeFirst: 4 } as const;

/** The --format the raw arguments ask for (the last one given), before any parsing. */
export function requestedFormat(argv: readonly string[]): string | null {
  let format: string | null = null;
  argv.forEach((a, i) => {
    if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--format' && argv[i + 1] !== undefined) format = argv[i + 1]!;
  });
  return format;
}

export type ErrorStyle = 'json' | 'text';

/** Whether errors go out as JSON: --format json. */
export function errorStyle(argv: readonly string[]): ErrorStyle {
  return requestedFormat(argv) === 'json' ? 'json' : 'text';
}

export interface CliFailure {
  exit: number;
  /** A stable word a script can branch on: usage, unknown-command, failed, … */
  code: string;
  message: string;
  extra?: Record<string, unknown>;
  /** The usage text printed after a usage error in text mode. */
  usage?: string;
}

/** Writes the error in the style the caller asked for and returns its exit code. */
export function reportFailure(io: Pick<CliIo, 'stdout' | 'stderr'>, style: ErrorStyle, f: CliFailure): number {
  if (style === 'text') {
    io.stderr(`dirsync-doctor: ${f.message}\n${f.usage ? `\n${f.usage}\n` : ''}`);
  } else {
    io.stdout(`${JSON.stringify({ error: { code: f.code, message: f.message, exitCode: f.exit, ...f.extra } }, null, 2)}\n`);
  }
  return f.exit;
}

/** The flag a usage message is about (the first --flag it names), for the JSON error. */
export function flagNamed(message: string): string | null {
  return /(--[a-z][a-z-]*)/.exec(message)?.[1] ?? null;
}

/** A usage error in the caller's style: exit 2, code "usage", the flag it names. */
export function usageFailure(io: Pick<CliIo, 'stdout' | 'stderr'>, style: ErrorStyle, message: string, usage: string): number {
  return reportFailure(io, style, { exit: EXIT.usage, code: 'usage', message, extra: { flag: flagNamed(message) }, usage });
}
