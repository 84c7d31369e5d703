// vitest globalSetup: `npm test` starts the Samba lab DC itself (scripts/lab-dc.sh ensure) and
// hands its connection to the test files through provide/inject (`inject('labDc')`).
// The DC is left running at teardown on purpose: starting it takes seconds, other suites and the
// e2e tests reuse it, and `ensure` returns at once when it is up. Stop it with `scripts/lab-dc.sh stop`.
// DIRSYNC_SKIP_LAB_DC=1 skips it (the Samba suites then report themselves skipped, with the reason).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

export interface LabDcEnv {
  url: string;
  caFile: string;
  serverName: string;
  bindDn: string;
  /** 0600 file holding the Administrator password; read it, never log it. */
  passwordFile: string;
  baseDn: string;
  domain: string;
  realm: string;
  netbiosDomain: string;
  mailboxDatabaseDn: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    labDc: LabDcEnv | null;
    labDcSkipReason: string | null;
  }
}

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/lab-dc.sh');

export default async function setup(project: TestProject): Promise<void> {
  if (process.env.DIRSYNC_SKIP_LAB_DC === '1') {
    project.provide('labDc', null);
    project.provide('labDcSkipReason', 'DIRSYNC_SKIP_LAB_DC=1 is set');
    return;
  }
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(SCRIPT, ['ensure', '--quiet'], { timeout: 600_000, maxBuffer: 1024 * 1024 }));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`the Samba lab DC did not start (scripts/lab-dc.sh ensure): ${e.stderr?.trim() || e.message}`, { cause: err });
  }
  const env = JSON.parse(stdout) as LabDcEnv;
  project.provide('labDc', env);
  project.provide('labDcSkipReason', null);
}

/** The CLI's way to the lab DC (CliIo.labDc) from the connection the setup provided. */
export function labDcConnection(env: LabDcEnv): () => Promise<{ url: string; bindDn: string; password: string; caFile: string; serverName: string }> {
  return async () => {
    const { readFile } = await import('node:fs/promises');
    const password = (await readFile(env.passwordFile, 'utf8')).replace(/\r?\n$/, '');
    return { url: env.url, bindDn: env.bindDn, password, caFile: env.caFile, serverName: env.serverName };
  };
}
