// What a CLI command writes to and reads from: kept apart from main.ts so each command can name
// it without importing the dispatcher that imports the commands.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl+C, for commands that can stop part-way (scan). */
  signal?: AbortSignal;
}
