// ESLint rule that enforces the app's layers by where an import lands, not by how its path is
// spelled: shared/ is pure, renderer/ reaches only shared/ and browser libraries, and only the
// Electron glue files import `electron`.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Bare packages each layer may import (exact name or name/subpath). */
const ALLOWED_PACKAGES = {
  shared: ['zod'],
  renderer: ['react', 'react-dom', 'zustand', 'zod', '@tanstack/react-virtual', '@tanstack/react-table'],
};

/** Test files of a layer may also use the test tools (they never ship in the layer's bundle). */
const TEST_PACKAGES = ['vitest', 'fast-check', '@testing-library/react'];
const isTestFile = (file) => /\.test\.tsx?$/.test(file) || /(^|\/)test\//.test(file.split('/').slice(1).join('/'));

/** The only files that may import `electron` (relative to the repo root). */
export const ELECTRON_GLUE = ['electron/main.ts', 'electron/preload.ts', 'electron/glue/'];

/**
 * The rooms of electron/, top floor first. A production file may import only rooms on a lower
 * floor (never upward, never a sibling room on its own floor), as VS Code's layers do; a room
 * missing here is refused until it is given a floor. Tests may reach anywhere.
 */
export const ELECTRON_FLOORS = [
  ['main.ts', 'preload.ts'],
  ['glue', 'cli'],
  ['app'],
  ['triage', 'readiness', 'lab', 'actions'],
  ['probes'],
  ['records', 'gap'],
  ['directory', 'host'],
  ['audit', 'security', 'ipc'],
  ['secrets', 'files'],
  ['ports'],
];
const floorOf = (room) => ELECTRON_FLOORS.findIndex((rooms) => rooms.includes(room));
/** electron/<room>/… or electron/<file>.ts at the top: the room a file lives in. */
const roomOf = (relFile) => relFile.split('/')[1];

/** The layers that ship in the app: none may import the development folder (dev/). */
const APP_LAYERS = new Set(['shared', 'electron', 'renderer']);

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const layerOf = (relFile) => relFile.split(path.sep)[0].split('/')[0];

function check(context, node, spec) {
  if (typeof spec !== 'string') return;
  const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
  const layer = layerOf(file);
  const report = (message) => context.report({ node, message: `${message} (layer rule for ${layer}/)` });

  if (spec.startsWith('.')) {
    const target = path
      .relative(ROOT, path.resolve(path.dirname(context.filename), spec))
      .split(path.sep)
      .join('/');
    const targetLayer = layerOf(target);
    if (layer === 'shared' && targetLayer !== 'shared') report(`shared/ may import only shared/, not ${target}`);
    if (layer === 'renderer' && targetLayer !== 'renderer' && targetLayer !== 'shared')
      report(`renderer/ may import only renderer/ and shared/, not ${target}`);
    if (layer === 'electron' && targetLayer === 'renderer') report(`electron/ must not import renderer/ (${target})`);
    if (APP_LAYERS.has(layer) && targetLayer === 'dev') report(`${layer}/ must not import the development folder (${target})`);
    if (layer === 'electron' && targetLayer === 'electron' && !isTestFile(file)) checkFloors(file, target, report);
    return;
  }

  const isBuiltin = BUILTINS.has(spec) || BUILTINS.has(packageName(spec));
  if (layer === 'shared' || layer === 'renderer') {
    if (isBuiltin) return report(`${layer}/ must not import the Node built-in '${spec}'`);
    const allowed = isTestFile(file) ? [...ALLOWED_PACKAGES[layer], ...TEST_PACKAGES] : ALLOWED_PACKAGES[layer];
    if (!allowed.includes(packageName(spec))) return report(`${layer}/ may not import '${spec}': allowed packages are ${allowed.join(', ')}`);
  }
  if (packageName(spec) === 'electron' && layer === 'electron') {
    const glue = ELECTRON_GLUE.some((g) => (g.endsWith('/') ? file.startsWith(g) : file === g));
    if (!glue) report(`only the Electron glue files (${ELECTRON_GLUE.join(', ')}) may import 'electron'`);
  }
}

function checkFloors(file, target, report) {
  const from = roomOf(file);
  const to = roomOf(target);
  if (from === to) return;
  const fromFloor = floorOf(from);
  const toFloor = floorOf(to);
  if (fromFloor < 0) return report(`electron/${from} has no floor in ELECTRON_FLOORS (scripts/lint/layer-rules.js): give it one`);
  if (toFloor < 0) return report(`electron/${to} has no floor in ELECTRON_FLOORS (scripts/lint/layer-rules.js): give it one`);
  if (toFloor === fromFloor) report(`electron/${from} must not import its sibling room electron/${to} (${target}): move what both need one floor down`);
  else if (toFloor < fromFloor) report(`electron/${from} must not import upward into electron/${to} (${target})`);
}

export const layerRule = {
  meta: { type: 'problem', docs: { description: 'enforce the shared/electron/renderer layers' }, schema: [] },
  create(context) {
    const visit = (node) => check(context, node, node.source?.value);
    return {
      ImportDeclaration: visit,
      ExportNamedDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression: visit,
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(context, node, node.arguments[0]?.value);
        }
      },
    };
  },
};
