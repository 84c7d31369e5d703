// Types for scripts/signing-status.mjs (imported by tests).
export const CERTIFICATE_VARIABLES: readonly string[];
export function signingStatus(env: Readonly<Record<string, string | undefined>>): { signed: boolean; refuse: boolean; message: string };
