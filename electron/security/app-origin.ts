// The app's own origin. The renderer is only ever loaded from app://dirsync/ (served from the
// packaged files by the custom protocol), so "is this the app?" is one URL check.
export const APP_SCHEME = 'app';
export const APP_HOST = 'dirsync';
/** Chromium's serialisation of the origin of a standard custom scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to the app's origin. Compared by scheme and host rather than
 * URL.origin because Node reports "null" as the origin of non-special schemes.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
