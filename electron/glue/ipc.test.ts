// IPC registration and the sender check, against a mocked ipcMain.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, wireName, type Channel } from '../../shared/ipc/contract';
import type { Handlers } from '../ipc/dispatch';
import { FakeWebContents, fakeElectron, frame, resetFakeElectron } from '../../tests/doubles/fake-electron';
import { registerIpcHandlers } from './ipc';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);

const SCENARIOS = [{ id: 'sync-service-stopped', title: 'Sync service stopped', description: 'The ADSync service is stopped.' }];

function fakeHandlers(): Handlers & Record<Channel, ReturnType<typeof vi.fn>> {
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [c, vi.fn(async () => Promise.reject(new Error(`${c} not expected in this test`)))]),
  ) as unknown as Handlers & Record<Channel, ReturnType<typeof vi.fn>>;
  handlers['lab:list-scenarios'].mockResolvedValue(SCENARIOS);
  return handlers;
}

let appContents: FakeWebContents;
let handlers: ReturnType<typeof fakeHandlers>;

beforeEach(() => {
  resetFakeElectron();
  appContents = new FakeWebContents();
  handlers = fakeHandlers();
});

function register(options = {}) {
  return registerIpcHandlers(handlers, () => appContents as never, options);
}

/** Calls a registered wire channel the way ipcRenderer.invoke would reach it. */
async function invoke(channel: string, payload: unknown, event: object = { sender: appContents, senderFrame: appContents.mainFrame }) {
  const listener = fakeElectron.ipcMain.handlers.get(channel);
  if (!listener) throw new Error(`No handler registered for '${channel}'`);
  return listener(event, payload);
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel, under its wire name', () => {
    register();
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(CHANNELS.map(wireName).sort());
    expect(fakeElectron.ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('answers the app window main frame with the handler result', async () => {
    register();
    await expect(invoke('dsd:lab:list-scenarios', {})).resolves.toEqual({ ok: true, value: SCENARIOS });
    expect(handlers['lab:list-scenarios']).toHaveBeenCalledOnce();
  });

  it.each([
    ['a subframe of the app window', () => ({ sender: appContents, senderFrame: frame('app://dirsync/index.html', 7, 99, appContents.mainFrame) })],
    [
      'the main frame showing a foreign origin',
      () => {
        appContents.mainFrame = frame('https://evil.example/', 7, appContents.id);
        return { sender: appContents, senderFrame: appContents.mainFrame };
      },
    ],
    [
      'another web contents',
      () => {
        const other = new FakeWebContents();
        return { sender: other, senderFrame: other.mainFrame };
      },
    ],
    ['a frame that is already gone', () => ({ sender: appContents, senderFrame: null })],
    [
      'a sender whose frame throws when read',
      () => ({
        sender: appContents,
        get senderFrame() {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      }),
    ],
  ])('refuses %s with a forbidden error and never runs the handler', async (_what, makeEvent) => {
    register();
    const result = await invoke('dsd:lab:list-scenarios', {}, makeEvent());
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers['lab:list-scenarios']).not.toHaveBeenCalled();
  });

  it('refuses everything while there is no app window', async () => {
    registerIpcHandlers(handlers, () => null);
    const result = await invoke('dsd:lab:list-scenarios', {}, { sender: appContents, senderFrame: appContents.mainFrame });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('returns a typed invalid-request error for a bad payload, naming the field', async () => {
    register();
    const result = await invoke('dsd:lab:load-scenario', { scenarioId: 'Not An Id', extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(JSON.stringify(result)).toContain('scenarioId');
    expect(handlers['lab:load-scenario']).not.toHaveBeenCalled();
  });

  it('has no handler for a channel outside the contract', async () => {
    register();
    await expect(invoke('dsd:shell:exec', { command: 'calc' })).rejects.toThrow(/No handler registered/);
    await expect(invoke('lab:list-scenarios', {})).rejects.toThrow(/No handler registered/); // un-prefixed name
  });

  it('never hangs: a handler that does not answer gets a timeout error', async () => {
    handlers['lab:list-scenarios'].mockImplementation(() => new Promise(() => undefined));
    register({ timeoutMs: 20 });
    await expect(invoke('dsd:lab:list-scenarios', {})).resolves.toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('never throws: a failing handler becomes an internal error and is reported to the log hook', async () => {
    const onInternalError = vi.fn();
    handlers['lab:list-scenarios'].mockRejectedValue(new TypeError('boom'));
    register({ onInternalError });
    await expect(invoke('dsd:lab:list-scenarios', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onInternalError).toHaveBeenCalledWith('lab:list-scenarios', expect.any(TypeError));
  });

  it('returns a function that removes every handler', () => {
    const dispose = register();
    dispose();
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    register(); // and they can be registered again without "second handler" errors
    expect(fakeElectron.ipcMain.handlers.size).toBe(CHANNELS.length);
  });
});
