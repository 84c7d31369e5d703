import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, MICROSOFT_DOCS_HOSTS } from './external-urls';

describe('isAllowedExternalUrl', () => {
  it('allows https links to the Microsoft documentation hosts', () => {
    expect(MICROSOFT_DOCS_HOSTS).toEqual(['learn.microsoft.com', 'support.microsoft.com', 'docs.microsoft.com']);
    expect(isAllowedExternalUrl('https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/tshoot-connect-connectivity')).toBe(true);
    expect(isAllowedExternalUrl('https://support.microsoft.com/kb/2882421')).toBe(true);
    expect(isAllowedExternalUrl('https://docs.microsoft.com/azure/')).toBe(true);
    expect(isAllowedExternalUrl('https://LEARN.microsoft.com/')).toBe(true); // host names are case-insensitive
  });

  it.each([
    ['plain http', 'http://learn.microsoft.com/'],
    ['another Microsoft host', 'https://login.microsoftonline.com/'],
    ['a subdomain trick', 'https://learn.microsoft.com.evil.example/'],
    ['a prefix trick', 'https://evil-learn.microsoft.com/'],
    ['userinfo in front of the host', 'https://learn.microsoft.com@evil.example/'],
    ['credentials', 'https://user:pw@learn.microsoft.com/'],
    ['an explicit port', 'https://learn.microsoft.com:8443/'],
    ['file', 'file:///C:/Windows/System32/calc.exe'],
    ['javascript', 'javascript:alert(1)'],
    ['a custom protocol handler', 'ms-settings:windowsupdate'],
    ['the app itself', 'app://dirsync/index.html'],
    ['not a URL', 'learn.microsoft.com'],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
