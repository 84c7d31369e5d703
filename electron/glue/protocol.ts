// The app:// scheme: privileged like https (standard + secure) so the renderer has a real
// origin, and served only from the packaged renderer directory.
import { protocol } from 'electron';
import { APP_SCHEME } from '../security/app-origin';
import { createAppFileHandler } from '../security/app-files';

/** Must run before the app's 'ready' event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // corsEnabled: Vite's <script type="module" crossorigin> is a CORS-mode request, which
      // Chromium only allows to schemes on its CORS list. No bypassCSP, no service workers.
      privileges: { standard: true, secure: true, corsEnabled: true, supportFetchAPI: true },
    },
  ]);
}

/** After 'ready': answer app:// requests with files from `rendererDir` (dist/renderer). */
export function serveAppFiles(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppFileHandler(rendererDir));
}
