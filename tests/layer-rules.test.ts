// The layer rules, checked through ESLint itself with the project's config: breaking a layer
// must fail lint (and so CI).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The snippets are linted as files that do not exist, which no tsconfig holds; the type-aware part of
// the config would refuse each with a parse error (and no layer message), so it is off here.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  // A fatal message (a parse error) would leave the layer rule unrun and the test's point unmet.
  const fatal = result!.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath} did not parse: ${fatal.message}`);
  return result!.messages.filter((m) => m.ruleId === 'layers/imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['shared/domain/x.ts', "import fs from 'node:fs'; export const a = fs;", /Node built-in 'node:fs'/],
    ['shared/domain/x.ts', "import path from 'path'; export const a = path;", /Node built-in 'path'/],
    ['shared/domain/x.ts', "import { app } from 'electron'; export const a = app;", /may not import 'electron'/],
    ['shared/domain/x.ts', "import React from 'react'; export const a = React;", /may not import 'react'/],
    ['shared/domain/x.ts', "import { HostError } from '../../electron/ports/errors'; export const a = HostError;", /may import only shared/],
    ['shared/domain/x.ts', 'export const a = () => window.location.href;', /window/],
    ['shared/domain/x.ts', 'export const a = () => process.env.X;', /process/],
    ['renderer/components/x.tsx', "import { ipcRenderer } from 'electron'; export const a = ipcRenderer;", /may not import 'electron'/],
    ['renderer/components/x.tsx', "import fs from 'node:fs'; export const a = fs;", /Node built-in/],
    [
      'renderer/components/x.tsx',
      "import { createAppSession } from '../../electron/app/session'; export const a = createAppSession;",
      /only renderer\/ and shared\//,
    ],
    ['renderer/components/x.tsx', "import { Client } from 'ldapts'; export const a = Client;", /may not import 'ldapts'/],
    ['electron/app/x.ts', "import { app } from 'electron'; export const a = app;", /only the Electron glue files/],
    ['electron/app/x.ts', "import { App } from '../../renderer/components/App'; export const a = App;", /must not import renderer/],
    ['shared/domain/x.test.ts', "import fs from 'node:fs'; export const a = fs;", /Node built-in/],
    // Rooms inside electron/: nothing imports upward or sideways.
    [
      'electron/probes/x.ts',
      "import { runDiagnosis } from '../triage/diagnosis'; export const a = runDiagnosis;",
      /must not import upward into electron\/triage/,
    ],
    [
      'electron/ports/x.ts',
      "import { createAppSession } from '../app/session'; export const a = createAppSession;",
      /must not import upward into electron\/app/,
    ],
    ['electron/actions/x.ts', "import { LabHost } from '../lab/lab-host'; export const a = LabHost;", /sibling room electron\/lab/],
    ['electron/newroom/x.ts', "import { HostError } from '../ports/errors'; export const a = HostError;", /electron\/newroom has no floor/],
    ['electron/app/x.ts', "import { startBridge } from '../../dev/bridge/server'; export const a = startBridge;", /must not import the development folder/],
    ['renderer/components/x.tsx', "import { a as b } from '../../dev/bridge/seed-lock'; export const a = b;", /development folder|only renderer/],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['shared/domain/x.ts', "import { z } from 'zod'; import { KB } from '../playbooks/kb-articles'; export const a = [z, KB];"],
    [
      'renderer/components/x.tsx',
      "import { useState } from 'react'; import { CHANNELS } from '../../shared/ipc/contract'; export const a = [useState, CHANNELS];",
    ],
    ['electron/glue/x.ts', "import { app } from 'electron'; export const a = app;"],
    ['electron/app/x.ts', "import fs from 'node:fs'; import { Client } from 'ldapts'; export const a = [fs, Client];"],
    ['shared/domain/x.test.ts', "import { it } from 'vitest'; import fc from 'fast-check'; export const a = [it, fc];"],
    [
      'electron/triage/x.ts',
      "import { readProblem } from '../probes/read-problem'; import { HostError } from '../ports/errors'; export const a = [readProblem, HostError];",
    ],
    ['electron/probes/x.test.ts', "import { runDiagnosis } from '../triage/diagnosis'; export const a = runDiagnosis;"],
    ['electron/main.ts', "import { createAppSession } from './app/session'; export const a = createAppSession;"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
