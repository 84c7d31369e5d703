// The simulated directory latency the e2e bridge puts around the lab DC: same answers, searches
// paged at the simulated size (one wait per page), one wait per direct operation, and an abort
// ends a wait at once. Counted, not timed.
import { describe, expect, it } from 'vitest';
import { MemoryDirectory } from '../directory/memory-directory';
import type { DirectoryPort, SearchRequest } from '../ports/directory-port';
import { withDirectoryLatency } from './directory-latency';

const EVERYTHING: SearchRequest = { filter: '(objectClass=*)', attributes: ['cn'] };

async function dns(dir: DirectoryPort, request: SearchRequest = EVERYTHING, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for await (const e of dir.search(request, { signal })) out.push(e.dn);
  return out;
}

describe('simulated directory latency', () => {
  it('answers as the real port, one wait per page of the simulated size (or the smaller one asked for)', async () => {
    const real = new MemoryDirectory({ domain: 'lab.example.com' });
    const expected = await dns(real);
    expect(expected.length).toBeGreaterThan(4);
    const slow = withDirectoryLatency(real, { pageSize: 3, perPageMs: 1, perOperationMs: 0 });
    expect(await dns(slow.directory)).toEqual(expected);
    expect(slow.stats.pages).toBe(Math.ceil(expected.length / 3));
    slow.stats.pages = 0;
    expect(await dns(slow.directory, { ...EVERYTHING, pageSize: 2 })).toEqual(expected);
    expect(slow.stats.pages).toBe(Math.ceil(expected.length / 2));
  });

  it("the split scan's extra connections (openReader) wait per page the same way and close the real reader", async () => {
    const real = new MemoryDirectory({ domain: 'lab.example.com' });
    const expected = await dns(real);
    const slow = withDirectoryLatency(real, { pageSize: 3, perPageMs: 1, perOperationMs: 0 });
    const reader = await slow.directory.openReader!();
    expect(real.readersOpen).toBe(1);
    const out: string[] = [];
    for await (const e of reader.search(EVERYTHING)) out.push(e.dn);
    expect(out).toEqual(expected);
    expect(slow.stats.pages).toBe(Math.ceil(expected.length / 3));
    await reader.close();
    expect(real.readersOpen).toBe(0);
  });

  it('keeps the port what it is: other methods run on the real object, instanceof holds', async () => {
    const real = new MemoryDirectory({ domain: 'lab.example.com' });
    const slow = withDirectoryLatency(real, { pageSize: 3, perPageMs: 1, perOperationMs: 1 });
    expect(slow.directory).toBeInstanceOf(MemoryDirectory);
    expect((await slow.directory.info()).baseDn).toBe((await real.info()).baseDn);
    expect(slow.stats.operations).toBe(0);
  });

  it('an abort ends a page wait at once (the real search then reports the cancel)', async () => {
    const slow = withDirectoryLatency(new MemoryDirectory({ domain: 'lab.example.com' }), { pageSize: 1, perPageMs: 600_000, perOperationMs: 0 });
    const controller = new AbortController();
    const reading = dns(slow.directory, EVERYTHING, controller.signal);
    controller.abort();
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' });
  });
});
