// dispatch: the one path every IPC request takes, in Electron and in the test bridge.
import { describe, expect, it, vi } from 'vitest';
import { DirectoryError, HostError } from '../ports/errors';
import { dispatch, RequestError, type Handlers } from './dispatch';

const verdict = { status: 'pass', summary: 'ok', evidence: [], checkedAt: '2026-01-01T00:00:00.000Z' };

function handlers(over: Partial<Handlers> = {}): Handlers {
  const never = async () => {
    throw new Error('not used');
  };
  return {
    'app:info': never,
    'lab:list-scenarios': async () => [],
    'lab:load-scenario': never,
    'directory:connect': never,
    'step:probe': async () => verdict as never,
    'step:plan': async () => null,
    'step:apply': never,
    'triage:diagnose': async () => [],
    ...over,
  } as Handlers;
}

const STEP = { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' };

describe('dispatch', () => {
  it('answers a valid request with the validated response', async () => {
    expect(await dispatch(handlers(), 'step:probe', STEP)).toEqual({ ok: true, value: verdict });
  });

  it('rejects an unknown channel and an invalid payload without calling a handler', async () => {
    const probe = vi.fn(async () => verdict as never);
    const h = handlers({ 'step:probe': probe });
    expect(await dispatch(h, 'fs:read', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await dispatch(h, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const bad = await dispatch(h, 'step:probe', { playbookId: 'KB;rm -rf', stepId: 3 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!bad.ok && bad.error.message).toMatch(/playbookId: .*; stepId: /);
    expect(await dispatch(h, 'step:probe', { ...STEP, extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await dispatch(h, 'step:probe', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(probe).not.toHaveBeenCalled();
  });

  it('never hangs: a handler past its time gets a timeout error and its signal is aborted', async () => {
    let signal: AbortSignal | undefined;
    const h = handlers({ 'step:probe': (_r, s) => ((signal = s), new Promise(() => {})) });
    expect(await dispatch(h, 'step:probe', STEP, { timeoutMs: 20 })).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(signal?.aborted).toBe(true);
  });

  it('a malformed response is an internal error, not passed on', async () => {
    const onInternalError = vi.fn();
    const h = handlers({ 'step:probe': async () => ({ status: 'maybe' }) as never });
    expect(await dispatch(h, 'step:probe', STEP, { onInternalError })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('maps refusals and port errors to typed codes, and hides a bug behind "internal"', async () => {
    const run = (e: Error) =>
      dispatch(
        handlers({
          'step:probe': async () => {
            throw e;
          },
        }),
        'step:probe',
        STEP,
      );
    expect(await run(new RequestError('conflict', 'plan expired'))).toEqual({ ok: false, error: { code: 'conflict', message: 'plan expired', detail: null } });
    expect(await run(new HostError('service-logon-failed', 'no logon'))).toEqual({
      ok: false,
      error: { code: 'host', message: 'no logon', detail: 'service-logon-failed' },
    });
    expect(await run(new DirectoryError('account-disabled', 'disabled'))).toEqual({
      ok: false,
      error: { code: 'directory', message: 'disabled', detail: 'account-disabled' },
    });
    const bug = await run(new TypeError('x is undefined at secret place'));
    expect(bug).toMatchObject({ ok: false, error: { code: 'internal', detail: 'TypeError' } });
    expect(JSON.stringify(bug)).not.toContain('secret place');
  });
});
