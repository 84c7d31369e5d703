// Environment switches the desktop app reads at start. Documented in the README:
//   DSD_MODE       auto (default) | lab | windows — passed to createAppSession
//   DSD_SCENARIO   lab scenario id to load at start (lab/auto only)
// The data folder (DSD_USER_DATA, DSD_DATA_DIR) is read by electron/app/user-data-dir.ts, which
// the command line shares.

export type LaunchMode = 'auto' | 'lab' | 'windows';
const MODES: readonly LaunchMode[] = ['auto', 'lab', 'windows'];
const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

export interface LaunchOptions {
  readonly mode: LaunchMode;
  readonly scenarioId: string | undefined;
}

export class LaunchOptionsError extends Error {
  override readonly name = 'LaunchOptionsError';
}

const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

export function readLaunchOptions(env: Readonly<Record<string, string | undefined>>): LaunchOptions {
  const rawMode = env.DSD_MODE?.trim() ?? '';
  const mode = rawMode === '' ? 'auto' : (rawMode as LaunchMode);
  if (!MODES.includes(mode)) {
    throw new LaunchOptionsError(`DSD_MODE must be one of ${MODES.join(', ')} (got ${shown(rawMode)})`);
  }

  const rawScenario = env.DSD_SCENARIO?.trim() ?? '';
  if (rawScenario !== '' && !SCENARIO_ID.test(rawScenario)) {
    throw new LaunchOptionsError(`DSD_SCENARIO must be a scenario id (lower-case letters, digits and -), got ${shown(rawScenario)}`);
  }
  if (rawScenario !== '' && mode === 'windows') {
    throw new LaunchOptionsError('DSD_SCENARIO loads a lab scenario; it cannot be combined with DSD_MODE=windows');
  }

  return { mode, scenarioId: rawScenario === '' ? undefined : rawScenario };
}
