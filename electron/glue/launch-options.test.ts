import { describe, expect, it } from 'vitest';
import { LaunchOptionsError, readLaunchOptions } from './launch-options';

describe('readLaunchOptions', () => {
  it('defaults to auto mode with nothing set', () => {
    expect(readLaunchOptions({})).toEqual({ mode: 'auto', scenarioId: undefined });
    expect(readLaunchOptions({ DSD_MODE: '  ', DSD_SCENARIO: '' })).toEqual({ mode: 'auto', scenarioId: undefined });
  });

  it('reads lab mode and a scenario (the data folder is user-data-dir.ts)', () => {
    expect(readLaunchOptions({ DSD_MODE: 'lab', DSD_SCENARIO: 'sync-service-stopped' })).toEqual({
      mode: 'lab',
      scenarioId: 'sync-service-stopped',
    });
    expect(readLaunchOptions({ DSD_MODE: 'windows' }).mode).toBe('windows');
  });

  it.each([
    [{ DSD_MODE: 'LAB' }, /DSD_MODE must be one of auto, lab, windows \(got "LAB"\)/],
    [{ DSD_MODE: 'x'.repeat(500) }, /DSD_MODE must be one of .*…"\)$/],
    [{ DSD_SCENARIO: '../../etc' }, /DSD_SCENARIO must be a scenario id/],
    [{ DSD_MODE: 'windows', DSD_SCENARIO: 'healthy-entra-connect' }, /cannot be combined with DSD_MODE=windows/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => readLaunchOptions(env)).toThrow(LaunchOptionsError);
    expect(() => readLaunchOptions(env)).toThrow(message);
  });
});
