// Which URLs the app's session may load at all. Only the app's own files over app://dirsync, and
// blob: URLs the app itself made (the readiness CSV export is a download of one). Everything else
// is cancelled: the network (http, ws, ftp), local files (file:), and the schemes a compromised
// page could use to bring in content the CSP does not see or to reach the browser's own pages
// (data:, filesystem:, chrome:, chrome-extension:, devtools:, view-source:, ...). The app runs
// the same way in development, so DevTools' front end (devtools:) is refused there too.
import { isAppUrl } from './app-origin';

export function isAllowedRequestUrl(url: string): boolean {
  if (isAppUrl(url)) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // blob:app://dirsync/<uuid>: its path is the URL of the origin that created it.
  return parsed.protocol === 'blob:' && isAppUrl(parsed.pathname) && parsed.search === '' && parsed.hash === '';
}
