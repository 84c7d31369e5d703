// The only places the app may send the user outside itself: Microsoft's documentation sites,
// over https, opened in the system browser. Everything else is refused.
export const MICROSOFT_DOCS_HOSTS: readonly string[] = Object.freeze(['learn.microsoft.com', 'support.microsoft.com', 'docs.microsoft.com']);

/**
 * The URL to hand to the system browser: the parsed, re-serialised href of an allowed link, or
 * null. Never the raw string: the shell and the browser may read oddities (spaces, backslashes,
 * control characters) differently from the check here.
 */
export function externalUrlToOpen(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const allowed =
    parsed.protocol === 'https:' &&
    MICROSOFT_DOCS_HOSTS.includes(parsed.hostname) &&
    // An explicit port or credentials is never how the docs are linked; refuse lookalikes.
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '';
  return allowed ? parsed.href : null;
}

export function isAllowedExternalUrl(url: string): boolean {
  return externalUrlToOpen(url) !== null;
}
