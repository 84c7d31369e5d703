// Environment switches the desktop app reads at start. Documented in the README:
//   DSD_MODE       auto (default) | lab | windows — passed to createAppSession
//   DSD_SCENARIO   lab scenario id to load at start (lab/auto only)
//   DSD_USER_DATA  absolute directory to use instead of Electron's userData (tests, portable use)
import path from 'node:path';

export type LaunchMode = 'auto' | 'lab' | 'windows';
const MODES: readonly LaunchMode[] = ['auto', 'lab', 'windows'];
const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

export interface LaunchOptions {
  readonly mode: LaunchMode;
  readonly scenarioId: string | undefined;
  readonly userDataDir: string | undefined;
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

  const rawUserData = env.DSD_USER_DATA?.trim() ?? '';
  if (rawUserData !== '' && !path.isAbsolute(rawUserData)) {
    throw new LaunchOptionsError(`DSD_USER_DATA must be an absolute directory path, got ${shown(rawUserData)}`);
  }

  return {
    mode,
    scenarioId: rawScenario === '' ? undefined : rawScenario,
    userDataDir: rawUserData === '' ? undefined : path.resolve(rawUserData),
  };
}
