// The one way out of the app: Microsoft documentation links, opened in the system browser. Both
// paths use it: a link the window tries to navigate to, and the shell:open-external channel the
// app's article links call. Anything off the allow-list (electron/security/external-urls.ts) is
// refused and never reaches the shell.
import { shell } from 'electron';
import { externalUrlToOpen } from '../security/external-urls';

/** An opener over a given shell call (tests pass a fake): opens `url` if allowed, returns whether it did. */
export function createExternalOpener(open: (href: string) => Promise<void>): (url: string) => boolean {
  return (url) => {
    const href = externalUrlToOpen(url);
    if (href === null) return false;
    open(href).catch(() => {
      // No browser registered: nothing the app can do, and nothing the renderer should see.
    });
    return true;
  };
}

/** Opens `url` in the system browser if it is on the allow-list; returns whether it did. */
export const openAllowedExternal = createExternalOpener((href) => shell.openExternal(href));
