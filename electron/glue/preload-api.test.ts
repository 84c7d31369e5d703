import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, wireName } from '../../shared/ipc/contract';
import { createDirsyncApi } from './preload-api';

describe('createDirsyncApi', () => {
  it('has exactly one function per contract channel and is frozen', () => {
    const api = createDirsyncApi(vi.fn());
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof api[channel]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => Object.assign(api, { invoke: () => 0 })).toThrow(TypeError);
    expect('invoke' in api).toBe(false);
  });

  it('sends each call on its own prefixed wire channel with exactly the one request argument', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 'ok' }));
    const api = createDirsyncApi(invoke);
    const probe = api['step:probe'] as (request: unknown, ...extra: unknown[]) => Promise<unknown>;
    await expect(probe({ playbookId: 'kb2882421', stepId: 'm1-s2' }, 'smuggled')).resolves.toEqual({ ok: true, value: 'ok' });
    expect(invoke).toHaveBeenCalledExactlyOnceWith(wireName('step:probe'), { playbookId: 'kb2882421', stepId: 'm1-s2' });
    expect(wireName('step:probe')).toBe('dsd:step:probe');
  });

  it('passes typed errors from the main process through unchanged', async () => {
    const error = { code: 'invalid-request', message: 'Invalid request for step:probe: stepId: Required', detail: null };
    const api = createDirsyncApi(async () => ({ ok: false, error }));
    await expect(api['step:probe']({ playbookId: 'x', stepId: '' })).resolves.toEqual({ ok: false, error });
  });

  it('turns a rejected invoke into a typed internal error instead of a rejection', async () => {
    const api = createDirsyncApi(async () => {
      throw new Error("No handler registered for 'dsd:app:info'");
    });
    const result = await api['app:info']({});
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'app:info: the request could not be delivered to the main process', detail: null },
    });
  });

  it('turns a malformed answer into a typed internal error', async () => {
    for (const answer of [undefined, null, 'yes', { ok: true }, { ok: false, error: 'x' }, { ok: 'maybe' }]) {
      const api = createDirsyncApi(async () => answer);
      const result = await api['app:info']({});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('internal');
    }
  });
});
