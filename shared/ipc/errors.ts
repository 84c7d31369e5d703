// The one error shape a renderer call can return. Codes are stable; messages are for people.
import { z } from 'zod';

export const IpcErrorCode = z.enum([
  'invalid-request', // the payload failed its schema
  'unknown-channel',
  'forbidden', // the sender is not the app's own main frame / bridge token wrong
  'timeout', // the handler did not answer in time
  'not-found', // playbook, step, plan or scenario id unknown
  'conflict', // e.g. plan expired or already used
  'host', // the sync server refused or failed
  'directory', // Active Directory refused or failed
  'unavailable', // the feature needs something not connected (no directory configured)
  'internal', // a bug: the handler threw or returned a malformed response
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcError = z.object({
  code: IpcErrorCode,
  message: z.string(),
  /** The host or directory error code behind a 'host' / 'directory' error, or the schema issue paths. */
  detail: z.string().nullable(),
});
export type IpcError = z.infer<typeof IpcError>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ipcResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: IpcError })]);
}

/** Render zod issues as "path: message; path: message" so the bad field is named. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
