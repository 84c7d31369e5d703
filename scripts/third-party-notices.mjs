// The third-party notices of what ships: every npm package esbuild bundled into main, preload or
// the CLI (read from the bundles' metafiles, so the list is what ships, not what package.json
// names), each with its licence and the text of its licence file. A bundled package that names no
// licence or carries no licence file stops the build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package folders (…/node_modules/<name> or …/node_modules/@scope/<name>) a metafile's inputs come from. */
export function bundledPackageDirs(root, metafiles) {
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
      if (m) dirs.add(path.resolve(root, m[1]));
    }
  }
  return [...dirs].sort();
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/** Name, version, licence and licence texts of one package folder; problems instead when any is missing. */
export function readPackageLicence(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? null);
  const files = readdirSync(dir)
    .filter((f) => LICENCE_FILE.test(f))
    .sort();
  const problems = [];
  if (!licence) problems.push(`${pkg.name}@${pkg.version} names no licence in its package.json`);
  if (files.length === 0) problems.push(`${pkg.name}@${pkg.version} has no LICENSE file`);
  return { name: pkg.name, version: pkg.version, licence, texts: files.map((f) => readFileSync(path.join(dir, f), 'utf8').trim()), problems };
}

/** The notices file's text, and the problems that must stop the build. */
export function thirdPartyNotices(root, metafiles) {
  const seen = new Map();
  for (const dir of bundledPackageDirs(root, metafiles)) {
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const p = readPackageLicence(dir);
    seen.set(`${p.name}@${p.version}`, p);
  }
  const packages = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  const rule = '-'.repeat(78);
  const text = [
    'DirSync Doctor includes the following third-party packages. Their licences follow.',
    '',
    ...packages.map((p) => `${p.name} ${p.version} (${p.licence ?? 'no licence named'})`),
    '',
    ...packages.flatMap((p) => [rule, `${p.name} ${p.version}: ${p.licence ?? 'no licence named'}`, rule, '', ...p.texts.flatMap((t) => [t, '']), '']),
  ].join('\n');
  return { text, packages, problems: packages.flatMap((p) => p.problems) };
}
