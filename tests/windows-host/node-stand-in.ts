// A stand-in for powershell.exe: a spawn function that records what the runner asked for and
// starts a real `node -e` process instead, so stdin, stdout, exit codes and kills are real.
// The child saves the exact bytes it received on stdin to a file the test can read.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PowerShellSpawnOptions, SpawnFn } from '../../electron/host/windows/powershell-runner';

/** The Windows folder the tests' runners are told about (the kernel is asked only on Windows). */
export const TEST_WINDOWS_DIR = 'C:\\Windows';
export const testWindowsDir = (): string => TEST_WINDOWS_DIR;

export interface SpawnCall {
  command: string;
  args: string[];
  options: PowerShellSpawnOptions;
  /** The bytes the child read from its stdin, once it has finished reading. */
  stdin: () => Buffer;
  child: ChildProcessWithoutNullStreams;
}

/**
 * Runs `program` (JavaScript) in place of PowerShell. In it, process.argv[1] is a file for the
 * stdin capture and process.argv[2] the script name the runner asked for ('Get-DsdServices').
 */
export function nodeProgram(program: string): { spawn: SpawnFn; calls: SpawnCall[] } {
  const calls: SpawnCall[] = [];
  const fake: SpawnFn = (command, args, options) => {
    const captureFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-ps-')), 'stdin.bin');
    const script = path.basename(args[args.length - 1] ?? '', '.ps1');
    const child = spawn(process.execPath, ['-e', program, captureFile, script], { ...options, cwd: os.tmpdir() });
    calls.push({ command, args: [...args], options, stdin: () => fs.readFileSync(captureFile), child });
    return child;
  };
  return { spawn: fake, calls };
}

/**
 * `body` is JavaScript run after stdin has ended, with `input` (a Buffer) and `script` in scope;
 * it decides what the "script" prints and how it exits.
 */
export function nodeStandIn(body: string): { spawn: SpawnFn; calls: SpawnCall[] } {
  return nodeProgram(`
    const fs = require('node:fs');
    const script = process.argv[2];
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => {
      const input = Buffer.concat(chunks);
      fs.writeFileSync(process.argv[1], input);
      ${body}
    });`);
}

/** A stand-in that answers every script with the same stdout and exit code. */
export function replyWith(stdout: string, exitCode = 0): { spawn: SpawnFn; calls: SpawnCall[] } {
  return nodeStandIn(`process.stdout.write(${JSON.stringify(stdout)}, () => process.exit(${exitCode}));`);
}

/** A stand-in that answers each script with its own stdout (exit 0); unknown scripts exit 9. */
export function replyPerScript(replies: Record<string, string>): { spawn: SpawnFn; calls: SpawnCall[] } {
  return nodeStandIn(`
    const replies = ${JSON.stringify(replies)};
    if (!(script in replies)) { process.stderr.write('no reply for ' + script); process.exit(9); }
    process.stdout.write(replies[script], () => process.exit(0));`);
}

/** A stand-in that echoes the JSON it was given as the data of an ok answer. */
export function echoInput(): { spawn: SpawnFn; calls: SpawnCall[] } {
  return nodeStandIn(`process.stdout.write(JSON.stringify({ ok: true, data: JSON.parse(input.toString('utf8')) }), () => process.exit(0));`);
}
