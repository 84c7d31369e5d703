import { describe, expect, it, vi } from 'vitest';
import { createApiClient, TIMEOUT_SLACK_MS } from './client';
import { CONTRACT, CHANNELS, type DirsyncApi } from '../../shared/ipc/contract';
import { appInfo, verdict } from '../test/fixtures';

/** A bridge whose every channel answers with `impl`. */
function bridge(impl: (channel: string, request: unknown) => unknown): DirsyncApi {
  return Object.fromEntries(CHANNELS.map((c) => [c, (r: unknown) => impl(c, r)])) as unknown as DirsyncApi;
}

describe('api client', () => {
  it('passes the request to the channel and returns the typed value', async () => {
    const seen: unknown[] = [];
    const client = createApiClient(
      bridge((channel, request) => {
        seen.push([channel, request]);
        return Promise.resolve({ ok: true, value: verdict('fail') });
      }),
    );
    const result = await client.call('step:probe', { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' });
    expect(seen).toEqual([['step:probe', { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' }]]);
    expect(result).toEqual({ ok: true, value: verdict('fail') });
  });

  it('passes a typed error from the main process through unchanged', async () => {
    const error = { code: 'not-found', message: 'Unknown step', detail: null };
    const client = createApiClient(bridge(() => Promise.resolve({ ok: false, error })));
    expect(await client.call('app:info', {})).toEqual({ ok: false, error });
  });

  it('turns a missing bridge into an unavailable error', async () => {
    const result = await createApiClient(undefined).call('app:info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable');
      expect(result.error.detail).toBe('window.dirsync.app:info is missing');
    }
  });

  it('turns a rejected or synchronously throwing bridge into an internal error', async () => {
    const rejecting = createApiClient(bridge(() => Promise.reject(new Error('socket closed'))));
    const throwing = createApiClient(
      bridge(() => {
        throw new TypeError('boom');
      }),
    );
    for (const client of [rejecting, throwing]) {
      const result = await client.call('app:info', {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('internal');
    }
    const r = await rejecting.call('app:info', {});
    if (!r.ok) expect(r.error.message).toContain('socket closed');
  });

  it('turns a reply that does not match the contract into an internal error', async () => {
    const client = createApiClient(bridge(() => Promise.resolve({ ok: true, value: { version: 1 } })));
    const result = await client.call('app:info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', detail: 'app:info' } });
    const garbage = createApiClient(bridge(() => Promise.resolve('not an envelope')));
    expect(await garbage.call('app:info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('gives up on a call that never answers, slightly after the channel timeout', async () => {
    vi.useFakeTimers();
    try {
      const client = createApiClient(bridge(() => new Promise(() => {})));
      let settled: unknown = null;
      void client.call('app:info', {}).then((r) => (settled = r));
      await vi.advanceTimersByTimeAsync(CONTRACT['app:info'].timeoutMs);
      // The main process's own timeout must win if it answers: the client waits a little longer.
      expect(settled).toBeNull();
      await vi.advanceTimersByTimeAsync(TIMEOUT_SLACK_MS);
      expect(settled).toMatchObject({ ok: false, error: { code: 'timeout', detail: 'app:info' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts a valid reply that arrives before the client timeout', async () => {
    const client = createApiClient(
      bridge(() => new Promise((r) => setTimeout(() => r({ ok: true, value: appInfo() }), 20))),
      { timeoutFor: () => 1_000 },
    );
    const result = await client.call('app:info', {});
    expect(result.ok).toBe(true);
  });
});
