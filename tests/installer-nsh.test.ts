// The installer's own words and its refusal on old Windows (assets/installer/installer.nsh):
// the platform text is shared/domain/app-platforms.ts letter for letter, the file is the one
// electron-builder.yml includes, and it compiles with makensis beside a stub of the pages it joins.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { APP_PLATFORMS } from '../shared/domain/app-platforms';

const ROOT = path.resolve(import.meta.dirname, '..');
const NSH = path.join(ROOT, 'assets', 'installer', 'installer.nsh');
const text = readFileSync(NSH, 'utf8');

/** The NSIS strings of one directive's line, unescaped ($\r$\n to newlines, $\" to quotes). */
function nsisStrings(pattern: RegExp): string[] {
  return text
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => {
      const m = /"((?:[^"$]|\$\\"|\$\\r|\$\\n|\$\$)*)"/.exec(line.slice(line.search(pattern)));
      if (!m) throw new Error(`no string on: ${line}`);
      return (m[1] ?? '')
        .replace(/\$\\r\$\\n/g, '\n')
        .replace(/\$\\"/g, '"')
        .replace(/\$\$/g, '$');
    });
}

function makensis(): string | null {
  try {
    execFileSync('makensis', ['-VERSION'], { stdio: 'pipe' });
    return 'makensis';
  } catch {
    return null;
  }
}

describe('installer.nsh', () => {
  it('is the file electron-builder.yml includes (relative to its build resources)', () => {
    const config = YAML.parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
      directories: { buildResources: string };
      nsis: { include: string };
    };
    expect(path.resolve(ROOT, config.directories.buildResources, config.nsis.include)).toBe(NSH);
  });

  it('says on its welcome page which Windows the app runs on, in the words of the app', () => {
    const [welcome] = nsisStrings(/MUI_WELCOMEPAGE_TEXT/);
    expect(welcome).toContain(`It runs on ${APP_PLATFORMS.runsOn}.`);
    expect(welcome).toContain('A server this app cannot run on'); // the start page's collector panel title
  });

  it('refuses on Windows older than 10 / Server 2016, naming where it runs and the collector', () => {
    expect(text).toMatch(/\$\{IfNot\} \$\{AtLeastWin10\}[\s\S]*?MessageBox[\s\S]*?SetErrorLevel 1\s+Quit\s+\$\{EndIf\}/);
    const [refusal] = nsisStrings(/MessageBox/);
    expect(refusal).toContain(`It runs on ${APP_PLATFORMS.runsOn}. ${APP_PLATFORMS.notOn}.`);
    expect(refusal).toMatch(/collector/);
    // A silent install must not wait on a box nobody sees.
    expect(text).toMatch(/MessageBox MB_OK\|MB_ICONSTOP ".*" \/SD IDOK/);
  });

  // makensis is installed by .ci/run (Debian package nsis); elsewhere this says plainly why it is skipped.
  const compiler = makensis();
  it.skipIf(!compiler)(`compiles with makensis, warnings as errors${compiler ? '' : ' (skipped: makensis is not installed; apt-get install nsis)'}`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dsd-nsis-'));
    try {
      // The same order electron-builder uses: our include, then MUI2's pages with our welcome page first, customInit in .onInit.
      const stub = [
        'Unicode true',
        'RequestExecutionLevel user',
        `OutFile "${path.join(dir, 'stub.exe')}"`,
        `!include "${NSH}"`,
        '!include MUI2.nsh',
        '!insertmacro customWelcomePage',
        '!insertmacro MUI_PAGE_INSTFILES',
        '!insertmacro MUI_LANGUAGE English',
        'Function .onInit',
        '  !insertmacro customInit',
        'FunctionEnd',
        'Section',
        'SectionEnd',
      ].join('\n');
      writeFileSync(path.join(dir, 'stub.nsi'), stub);
      const run = () => execFileSync(compiler as string, ['-V2', '-WX', path.join(dir, 'stub.nsi')], { stdio: 'pipe', encoding: 'utf8' });
      expect(run).not.toThrow();
      // The check can fail: a macro the stub does not define is an error, not a silent pass.
      writeFileSync(path.join(dir, 'stub.nsi'), stub.replace('!insertmacro customInit', '!insertmacro customInitMissing'));
      expect(run).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
