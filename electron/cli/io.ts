// What a CLI command writes to and reads from: kept apart from main.ts so each command can name
// it without importing the dispatcher that imports the commands.
import type { DirectoryConnection } from '../ports/directory-port';

/** What kind of build runs: the shipped CLI reads it from the bundle (cli-dirs.ts); tests hand one in. */
export interface CliFlavor {
  release: boolean;
  platform: NodeJS.Platform;
  /** Creates and locks down the per-machine folder, answering its audit folder. */
  prepareMachineAuditDir: () => Promise<string>;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl+C, for commands that can stop part-way (scan). */
  signal?: AbortSignal;
  /**
   * `scan --lab`: how to reach the lab's Samba DC. Only the development entry (dev/cli.ts) and the
   * tests give one; the shipped CLI has none, so it never looks for a development script.
   */
  labDc?: () => Promise<LabDcConnection>;
  /** Tests only: the kind of build to behave as (the shipped CLI reads its own). */
  flavor?: CliFlavor;
}

/** A verified-TLS connection to the lab's Samba DC (the password read from its 0600 file). */
export type LabDcConnection = DirectoryConnection;
