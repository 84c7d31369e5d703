import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../ports/errors';
import { OperationScope } from './operation';

const never = () => new Promise<never>(() => {});

describe('OperationScope', () => {
  it('turns the deadline into a timeout error naming the operation', async () => {
    const scope = new OperationScope('search under OU=Sync', { timeoutMs: 20 }, 15_000);
    const err = await scope.race(never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err).toMatchObject({ code: 'timeout', message: 'search under OU=Sync timed out after 20 ms' });
  });

  it("turns the caller's abort into cancelled, also when it came first", async () => {
    const ctrl = new AbortController();
    const scope = new OperationScope('read', { signal: ctrl.signal }, 15_000);
    setTimeout(() => ctrl.abort(), 5);
    await expect(scope.race(never())).rejects.toMatchObject({ code: 'cancelled' });
    expect(() => new OperationScope('read', { signal: ctrl.signal }, 15_000).throwIfStopped()).toThrow(/was cancelled/);
  });

  it('passes results and errors of the work through', async () => {
    const scope = new OperationScope('read', undefined, 1000);
    await expect(scope.race(Promise.resolve(42))).resolves.toBe(42);
    await expect(scope.race(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('rejects a nonsensical timeout', () => {
    expect(() => new OperationScope('read', { timeoutMs: -1 }, 1000)).toThrow(/positive number/);
  });
});
