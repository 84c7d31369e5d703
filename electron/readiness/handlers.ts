// The scan:* and readiness:* IPC handlers over the session's Workbench.
import type { Handlers } from '../ipc/dispatch';
import { RequestError } from '../ipc/dispatch';
import type { READINESS_CHANNELS } from '../../shared/readiness/ipc';
import type { Workbench } from './workbench';

export type ReadinessHandlers = Pick<Handlers, keyof typeof READINESS_CHANNELS>;

export function createReadinessHandlers(workbench: () => Workbench): ReadinessHandlers {
  return {
    'scan:start': async ({ incremental, baseDns, excludeDns, scope }, signal) => ({
      scanId:
        baseDns || excludeDns
          ? workbench().startScan(incremental ?? true, baseDns, excludeDns)
          : await workbench().startScopedScan(incremental ?? true, scope, signal),
    }),
    'scan:ous': (_req, signal) => workbench().listOus(signal),
    'scan:server-scope': (_req, signal) => workbench().serverScope(signal),
    'scan:poll': async ({ scanId, cursor, limit }) => {
      const r = workbench().scans.poll(scanId, cursor, limit ?? 5_000);
      if (!r) throw new RequestError('not-found', 'That scan is unknown (the app was restarted or a newer scan replaced it): scan again.');
      return r;
    },
    'scan:cancel': async ({ scanId }) => ({ cancelled: workbench().scans.cancel(scanId) }),
    'readiness:preview-part': async ({ draftId, edits }) => workbench().addPreviewPart(draftId, edits),
    'readiness:preview': async ({ edits, draftId }, signal) =>
      workbench().previewEdits(draftId === undefined ? edits : [...workbench().takePreviewDraft(draftId), ...edits], signal),
    'readiness:upn-selection-part': async ({ selectionId, from, mode, userDns }) => workbench().addUpnSelectionPart(selectionId, from, mode, userDns),
    'readiness:upn-move-preview': ({ from, to, userDns, exceptDns, selectionId }, signal) => {
      const wb = workbench();
      const selection =
        selectionId !== undefined
          ? wb.upnSelection(selectionId, from)
          : userDns
            ? { mode: 'only' as const, dns: userDns }
            : exceptDns
              ? { mode: 'except' as const, dns: exceptDns }
              : null;
      return wb.previewUpnMove(from, to, selection, signal);
    },
    'readiness:undo-preview': async ({ batchId }) => workbench().previewUndo(batchId),
    'readiness:apply': async ({ previewId }) => ({ batchId: await workbench().startBatch(previewId) }),
    'readiness:batch-poll': async ({ batchId }) => workbench().pollBatch(batchId),
    'readiness:batch-cancel': async ({ batchId }) => ({ cancelled: workbench().cancelBatch(batchId) }),
    'readiness:batches': async () => workbench().listBatches(),
    'readiness:upn-suffixes': (_req, signal) => workbench().upnSuffixes(signal),
    'readiness:upn-users': ({ from }, signal) => workbench().upnUsers(from, signal),
    'readiness:object': ({ dn }, signal) => workbench().readObject(dn, signal),
  };
}
