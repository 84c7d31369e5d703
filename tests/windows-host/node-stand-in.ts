// A stand-in for powershell.exe: a spawn function that records what the runner asked for and
// starts a real `node -e` process instead, so stdin, stdout, exit codes and kills are real.
// The child saves the exact bytes it received on stdin to a file the test can read.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PowerShellSpawnOptions, SpawnFn } from '../../electron/host/windows/powershell-runner';

export interface SpawnCall {
  command: string;
  args: string[];
  options: PowerShellSpawnOptions;
  /** The bytes the child read from its stdin, once it has finished reading. */
  stdin: () => Buffer;
}

/**
 * `body` is JavaScript run after stdin has ended, with `input` (a Buffer) in scope; it decides
 * what the "script" prints and how it exits.
 */
export function nodeStandIn(body: string): { spawn: SpawnFn; calls: SpawnCall[] } {
  const calls: SpawnCall[] = [];
  const program = `
    const fs = require('node:fs');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => {
      const input = Buffer.concat(chunks);
      fs.writeFileSync(process.argv[1], input);
      ${body}
    });`;
  const fake: SpawnFn = (command, args, options) => {
    const captureFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-ps-')), 'stdin.bin');
    calls.push({ command, args: [...args], options, stdin: () => fs.readFileSync(captureFile) });
    return spawn(process.execPath, ['-e', program, captureFile], { ...options, cwd: os.tmpdir() });
  };
  return { spawn: fake, calls };
}

/** A stand-in that answers every script with the same stdout and exit code. */
export function replyWith(stdout: string, exitCode = 0): { spawn: SpawnFn; calls: SpawnCall[] } {
  return nodeStandIn(`process.stdout.write(${JSON.stringify(stdout)}, () => process.exit(${exitCode}));`);
}

/** A stand-in that echoes the JSON it was given as the data of an ok answer. */
export function echoInput(): { spawn: SpawnFn; calls: SpawnCall[] } {
  return nodeStandIn(
    `process.stdout.write(JSON.stringify({ ok: true, data: JSON.parse(input.toString('utf8')) }), () => process.exit(0));`,
  );
}
