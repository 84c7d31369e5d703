// The triage home's channels: the sync status line, the audit-log view, article links and the
// screenshot. The desktop parts (shell, capture, clipboard, save dialog) are ports the session is
// given: Electron's in the app (electron/glue), test hooks in the browser bridge.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../ipc/dispatch';
import { RequestError } from '../ipc/dispatch';
import type { AuditLog } from '../audit/audit-log';
import { readAuditView } from '../audit/audit-view';
import { externalUrlToOpen } from '../security/external-urls';
import type { PortContext } from '../probes/context';
import { readSyncSummary } from './sync-status';

/** The window's picture and where it goes. */
export interface ScreenshotPort {
  /** A PNG of the app window as it is now. */
  capture(): Promise<Uint8Array>;
  /** The save dialog: the path the tech picked, or null when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  copyToClipboard(png: Uint8Array): Promise<void>;
}

export interface HomeHandlerDeps {
  ports(): PortContext;
  audit: AuditLog;
  /** Hands an allowed https address to the system browser (called only after the allow-list passed it); null: no browser here. */
  openExternal: ((href: string) => void) | null;
  screenshot: ScreenshotPort | null;
}

type HomeChannels = 'home:sync-status' | 'audit:read' | 'shell:open-external' | 'screenshot:save';

/** dirsync-doctor-<case>-<yyyymmdd-hhmmss>.png, in the time the name is made. */
export function screenshotFileName(caseId: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `dirsync-doctor-${caseId}-${stamp}.png`;
}

export function createHomeHandlers(deps: HomeHandlerDeps): Pick<Handlers, HomeChannels> {
  return {
    'home:sync-status': async (_req, signal) => readSyncSummary(deps.ports(), signal),
    'audit:read': async () => readAuditView(deps.audit.file),
    'shell:open-external': async ({ url }) => {
      const href = externalUrlToOpen(url);
      if (href === null || !deps.openExternal) return { opened: false };
      deps.openExternal(href);
      return { opened: true };
    },
    'screenshot:save': async ({ caseId }) => {
      const port = deps.screenshot;
      if (!port) throw new RequestError('unavailable', 'Screenshots cannot be taken here.');
      const png = await port.capture();
      await port.copyToClipboard(png);
      const target = await port.chooseSavePath(screenshotFileName(caseId, deps.ports().now()));
      if (target === null) return { savedAs: null, copied: true, bytes: png.byteLength };
      const file = target.toLowerCase().endsWith('.png') ? target : `${target}.png`;
      await fs.writeFile(file, png);
      return { savedAs: path.basename(file), copied: true, bytes: png.byteLength };
    },
  };
}
