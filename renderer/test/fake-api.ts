// A hand-driven ApiClient for tests: every call waits until the test answers it, so tests can
// order answers (and make some arrive late) on purpose.
import type { ApiClient } from '../api/client';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { IpcError, IpcResult } from '../../shared/ipc/errors';

export interface PendingCall<C extends Channel = Channel> {
  channel: C;
  request: RequestOf<C>;
  settled: boolean;
  answer(result: IpcResult<ResponseOf<C>>): void;
}

export function fakeApi() {
  const calls: PendingCall[] = [];
  const api: ApiClient = {
    call<C extends Channel>(channel: C, request: RequestOf<C>) {
      return new Promise<IpcResult<ResponseOf<C>>>((resolve) => {
        const call: PendingCall<C> = {
          channel,
          request,
          settled: false,
          answer(result) {
            if (call.settled) throw new Error(`${channel} answered twice`);
            call.settled = true;
            resolve(result);
          },
        };
        calls.push(call as unknown as PendingCall);
      });
    },
  };

  /** The oldest unanswered call on a channel; throws when there is none. */
  function next<C extends Channel>(channel: C): PendingCall<C> {
    const call = calls.find((c) => c.channel === channel && !c.settled);
    if (!call) throw new Error(`no pending ${channel} call (calls so far: ${calls.map((c) => c.channel).join(', ') || 'none'})`);
    return call as unknown as PendingCall<C>;
  }

  return {
    api,
    calls,
    next,
    count: (channel: Channel) => calls.filter((c) => c.channel === channel).length,
    reply<C extends Channel>(channel: C, value: ResponseOf<C>) {
      next(channel).answer({ ok: true, value });
    },
    fail(channel: Channel, error: IpcError) {
      next(channel).answer({ ok: false, error });
    },
  };
}

/** Let queued promise callbacks run. */
export const flush = () => new Promise<void>((r) => setTimeout(r, 0));
