import { describe, expect, it } from 'vitest';
import { isTrustedSender, type FrameLike } from './ipc-sender';

const main: FrameLike = { url: 'app://dirsync/index.html', parent: null, processId: 4, routingId: 1 };
const app = { id: 10, mainFrame: main };

describe('isTrustedSender', () => {
  it('trusts the main frame of the app window on the app origin', () => {
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: main }, app)).toBe(true);
    // A different wrapper object for the same frame (same process and routing id) is the same frame.
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: { ...main, url: 'app://dirsync/x' } }, app)).toBe(true);
  });

  it('refuses a subframe of the app window', () => {
    const sub: FrameLike = { url: 'app://dirsync/index.html', parent: main, processId: 4, routingId: 2 };
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: sub }, app)).toBe(false);
  });

  it('refuses another web contents, even on the app origin', () => {
    expect(isTrustedSender({ sender: { id: 11 }, senderFrame: main }, app)).toBe(false);
  });

  it('refuses the main frame once it shows a foreign origin', () => {
    const foreign = { ...main, url: 'https://evil.example/' };
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: foreign }, { id: 10, mainFrame: foreign })).toBe(false);
  });

  it('refuses a top-level frame that is not the current main frame (stale or swapped)', () => {
    const other: FrameLike = { ...main, processId: 5 };
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: other }, app)).toBe(false);
  });

  it('refuses when the frame is gone or there is no app window', () => {
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: null }, app)).toBe(false);
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: main }, null)).toBe(false);
  });
});
