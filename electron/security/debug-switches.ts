// Command-line switches that would hand the elevated app to a debugger: Chromium's remote
// debugging (any local process could then drive the window and its IPC), Node's inspector, and
// V8 flags. The fuses already make a packaged binary ignore --inspect and NODE_OPTIONS; the
// Chromium switches have no fuse, so the app refuses to start when it sees any of them.

/** Switch names (lower case, without the leading dashes) refused exactly or as a prefix. */
const REFUSED_PREFIXES = ['remote-debugging', 'remote-allow-origins', 'inspect', 'debug', 'js-flags', 'auto-open-devtools-for-tabs'];

/** The switch name of one argument, or null when it is not a switch. */
function switchName(arg: string, platform: string): string | null {
  // Chromium reads --x and -x everywhere, and /x on Windows; it lower-cases names on Windows.
  const match = /^(?:--?|\/)([A-Za-z][A-Za-z0-9_-]*)/.exec(arg);
  if (!match || (arg.startsWith('/') && platform !== 'win32')) return null;
  return match[1]!.toLowerCase();
}

/** The arguments (as given) that are refused debug switches; empty when none. */
export function refusedDebugSwitches(args: readonly string[], platform: string): string[] {
  return args.filter((arg) => {
    const name = switchName(arg, platform);
    return name !== null && REFUSED_PREFIXES.some((prefix) => name === prefix || name.startsWith(prefix));
  });
}

export function debugSwitchesMessage(refused: readonly string[]): string {
  const shown = refused.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(', ');
  return (
    `DirSync Doctor does not run with debugging switches (${shown}). ` +
    'They would let another program control the app while it has administrator rights. ' +
    'Start it again without them.'
  );
}
