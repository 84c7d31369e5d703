// The only places the app may send the user outside itself: Microsoft's documentation sites,
// over https, opened in the system browser. Everything else is refused.
export const MICROSOFT_DOCS_HOSTS: readonly string[] = Object.freeze([
  'learn.microsoft.com',
  'support.microsoft.com',
  'docs.microsoft.com',
]);

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    MICROSOFT_DOCS_HOSTS.includes(parsed.hostname) &&
    // An explicit port or credentials is never how the docs are linked; refuse lookalikes.
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
