// The one way out of the app: Microsoft documentation links, opened in the system browser.
import { shell } from 'electron';
import { isAllowedExternalUrl } from '../security/external-urls';

/** Opens `url` in the system browser if it is on the allow-list; returns whether it did. */
export function openAllowedExternal(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  shell.openExternal(url).catch(() => {
    // No browser registered: nothing the app can do, and nothing the renderer should see.
  });
  return true;
}
