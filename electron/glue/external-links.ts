// The one way out of the app: Microsoft documentation links, opened in the system browser.
import { shell } from 'electron';
import { externalUrlToOpen } from '../security/external-urls';

/** Opens `url` in the system browser if it is on the allow-list; returns whether it did. */
export function openAllowedExternal(url: string): boolean {
  const href = externalUrlToOpen(url);
  if (href === null) return false;
  shell.openExternal(href).catch(() => {
    // No browser registered: nothing the app can do, and nothing the renderer should see.
  });
  return true;
}
