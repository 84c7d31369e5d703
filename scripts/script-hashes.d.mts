// Types for scripts/script-hashes.mjs (imported by tests).
export const ROOT: string;
export const SCRIPT_DIR: string;
export const MANIFEST_FILE: string;
export function hashScripts(dir?: string): Record<string, string>;
export function renderManifest(hashes: Record<string, string>): string;
export function staleEntries(manifestText?: string, hashes?: Record<string, string>): string[];
