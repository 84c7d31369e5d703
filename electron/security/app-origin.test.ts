import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from './app-origin';

describe('isAppUrl', () => {
  it('accepts the app entry and any path on app://dirsync', () => {
    expect(APP_ORIGIN).toBe('app://dirsync');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://dirsync/assets/index-abc.js?x=1#top')).toBe(true);
  });

  it.each([
    ['another host on the app scheme', 'app://evil/index.html'],
    ['a lookalike host', 'app://dirsync.evil.com/index.html'],
    ['a port', 'app://dirsync:8080/index.html'],
    ['credentials', 'app://user:pw@dirsync/index.html'],
    ['https', 'https://dirsync/index.html'],
    ['file', 'file:///C:/app/index.html'],
    ['the test bridge on loopback', 'http://127.0.0.1:5173/'],
    ['about:blank', 'about:blank'],
    ['not a URL', 'dirsync/index.html'],
    ['empty', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});
