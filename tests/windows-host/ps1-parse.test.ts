// Every PowerShell script the app ships parses (tree-sitter-powershell, a PowerShell 5.1-era
// grammar: no ERROR or MISSING nodes), and follows the runner's contract, checked on the syntax
// tree: strict mode, stop on errors, input from stdin, output only through the two envelope
// writers, error codes the runner knows, and the password kept away from every writer.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { HostErrorCode } from '../../shared/domain/host';
import { SCRIPT_NAMES } from '../../electron/host/windows/powershell-runner';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT_DIR = path.join(ROOT, 'assets', 'powershell');
const WASM = path.join(ROOT, 'node_modules', 'tree-sitter-powershell', 'tree-sitter-powershell.wasm');
const COMMON = 'DsdCommon.ps1';

const scriptFiles = fs
  .readdirSync(SCRIPT_DIR)
  .filter((f) => f.toLowerCase().endsWith('.ps1'))
  .sort();
const operationFiles = scriptFiles.filter((f) => f !== COMMON);

let parser: Parser;

beforeAll(async () => {
  await Parser.init();
  parser = new Parser();
  parser.setLanguage(await Language.load(WASM));
});

function parse(source: string): Node {
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}

function problems(root: Node): string[] {
  const found: string[] = [];
  const walk = (n: Node) => {
    if (n.isError || n.isMissing) {
      found.push(
        `${n.isMissing ? 'MISSING' : 'ERROR'} at ${n.startPosition.row + 1}:${n.startPosition.column + 1} near ${JSON.stringify(n.text.slice(0, 40))}`,
      );
    }
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return found;
}

const read = (file: string) => fs.readFileSync(path.join(SCRIPT_DIR, file), 'utf8');
const commandName = (command: Node) => command.children.find((c) => c?.type === 'command_name')?.text ?? null;
const commands = (root: Node) => root.descendantsOfType('command').filter((c): c is Node => c !== null);

function enclosingCommandName(node: Node): string | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'command') return commandName(n);
  return null;
}

/** The literal text passed to `-Name value` in a command (quotes removed), or null. */
function parameterValue(command: Node, parameter: string): string | null {
  const elements = command.children.find((c) => c?.type === 'command_elements');
  if (!elements) return null;
  const parts = elements.children.filter((c): c is Node => c !== null && c.type !== 'command_argument_sep');
  const at = parts.findIndex((p) => p.type === 'command_parameter' && p.text.toLowerCase() === parameter.toLowerCase());
  const value = at >= 0 ? parts[at + 1] : undefined;
  return value ? value.text.replace(/^['"]|['"]$/g, '') : null;
}

describe('PowerShell scripts parse', () => {
  it('finds the scripts', () => {
    expect(operationFiles.length).toBeGreaterThanOrEqual(12);
    expect(scriptFiles).toContain(COMMON);
  });

  it.each(scriptFiles)('%s has no ERROR or MISSING nodes', (file) => {
    expect(problems(parse(read(file)))).toEqual([]);
  });

  it.each([
    ['an unclosed block', 'function Get-X {\n  if ($a) {\n    "a"\n}\n'],
    ['an unterminated string', '$s = "abc\n$t = 1\n'],
    ['an unclosed array', '$x = @(1, 2\n'],
    ['the PowerShell 7 ?? operator', '$a = $b ?? 1\n'],
    ['a PowerShell 7 ternary', '$a = $b ? 1 : 2\n'],
  ])('detects %s', (_label, snippet) => {
    expect(problems(parse(snippet)).length).toBeGreaterThan(0);
  });
});

describe('scripts follow the runner contract', () => {
  it('ships exactly one script per runner operation', () => {
    expect(operationFiles.map((f) => f.replace(/\.ps1$/, '')).sort()).toEqual([...SCRIPT_NAMES].sort());
  });

  it.each(operationFiles)('%s: strict mode, stop on error, shared helpers, input from stdin', (file) => {
    const root = parse(read(file));
    const all = commands(root);
    const strict = all.find((c) => commandName(c) === 'Set-StrictMode');
    expect(strict && parameterValue(strict, '-Version')).toBe('Latest');
    expect(root.descendantsOfType('assignment_expression').some((a) => /^\$ErrorActionPreference\s*=\s*'Stop'$/.test(a?.text ?? ''))).toBe(true);
    const dotSource = all.find((c) => c.children[0]?.type === 'command_invokation_operator' && c.text.includes(COMMON));
    expect(dotSource?.children[0]?.text).toBe('.');
    expect(all.some((c) => /^Read-Dsd(ServiceControl)?Input$/.test(commandName(c) ?? ''))).toBe(true);
    expect(all.some((c) => commandName(c) === 'Write-DsdResult')).toBe(true);
  });

  it.each(scriptFiles)('%s writes output only through the envelope writers and uses no PowerShell 7 parameters', (file) => {
    const all = commands(parse(read(file)));
    const chatty = [
      'Write-Host',
      'Out-Host',
      'echo',
      'Write-Information',
      'Write-Warning',
      'Out-Default',
      'Write-Progress',
      'Write-Verbose',
      'Write-Debug',
      'Out-String',
      'Format-Table',
      'Format-List',
    ];
    expect(all.map(commandName).filter((n) => n !== null && chatty.some((c) => c.toLowerCase() === n.toLowerCase()))).toEqual([]);
    // Write-Output appears once, in Get-DsdField, where its output is the function's return value.
    const writeOutput = all.filter((c) => commandName(c) === 'Write-Output');
    expect(writeOutput.length).toBe(file === COMMON ? 1 : 0);
    const params = all.flatMap((c) => c.descendantsOfType('command_parameter')).map((p) => p?.text.toLowerCase());
    expect(params.filter((p) => p === '-ashashtable' || p === '-parallel')).toEqual([]);
  });

  it.each(scriptFiles)('%s reports only error codes the runner knows', (file) => {
    const known = new Set<string>(HostErrorCode.exclude(['bad-output', 'script-failed']).options);
    const codes = commands(parse(read(file)))
      .filter((c) => commandName(c) === 'Write-DsdFailure')
      .map((c) => parameterValue(c, '-Code'));
    for (const code of codes) expect(known.has(code ?? '(none)'), `${file}: -Code ${code}`).toBe(true);
  });

  it('keeps the password away from every writer and every command but Invoke-CimMethod', () => {
    const root = parse(read('Set-DsdServiceLogonPassword.ps1'));
    const uses = root.descendantsOfType('variable').filter((v): v is Node => v?.text.toLowerCase() === '$password');
    expect(uses.length).toBeGreaterThan(3);
    for (const use of uses) {
      const command = enclosingCommandName(use);
      expect([null, 'Invoke-CimMethod'], `$password inside ${command}`).toContain(command);
    }
    // And never expanded inside a double-quoted string.
    const strings = root.descendantsOfType('expandable_string_literal').map((s) => s?.text.toLowerCase() ?? '');
    expect(strings.filter((s) => s.includes('$password'))).toEqual([]);
  });

  it('starts msiexec with an argument array, never a command string', () => {
    const root = parse(read('Uninstall-DsdProgram.ps1'));
    const start = commands(root).find((c) => commandName(c) === 'Start-Process');
    expect(start).toBeDefined();
    expect(parameterValue(start!, '-ArgumentList')).toMatch(/^@\('\/x', \[string\]\$productCode, '\/qn', '\/norestart', '\/l\*v', \[string\]\$logFile\)$/);
  });

  it('detects a contract break: a script that echoes the password', () => {
    const root = parse('$password = Get-DsdField -Object $in -Name "password"\nWrite-DsdFailure -Code "bad-input" -Message ("bad " + $password)\n');
    const leaks = root
      .descendantsOfType('variable')
      .filter((v): v is Node => v?.text === '$password')
      .map(enclosingCommandName)
      .filter((c) => c !== null && c !== 'Invoke-CimMethod');
    expect(leaks).toEqual(['Write-DsdFailure']);
  });
});

// The scripts run elevated in an environment a non-admin process may have prepared: nothing is
// found through environment variables (%ProgramFiles%, PSModulePath), modules are imported from
// absolute paths read from HKLM, and no cmdlet can be autoloaded before the module path is pinned.
describe('scripts trust nothing from the environment', () => {
  /** Every use of the environment: $env:X, ${env:X}, the Env: drive, .NET environment readers. */
  function environmentUses(root: Node): string[] {
    const found: string[] = [];
    const walk = (n: Node) => {
      if (n.type === 'comment') return;
      const text = n.text;
      if (n.type === 'variable') {
        if (/^\$\{?env:/i.test(text)) found.push(`${n.startPosition.row + 1}: ${text}`);
        return;
      }
      if (n.childCount === 0 && /(^|[^a-z])env:|GetEnvironmentVariable|ExpandEnvironmentVariables/i.test(text)) {
        found.push(`${n.startPosition.row + 1}: ${text}`);
      }
      for (const c of n.children) if (c) walk(c);
    };
    walk(root);
    return found;
  }

  it.each(scriptFiles)('%s reads no environment variable', (file) => {
    const uses = environmentUses(parse(read(file)));
    // The one write: DsdCommon pins the module path (see below).
    expect(uses).toEqual(file === COMMON ? [expect.stringMatching(/: \$env:PSModulePath$/)] : []);
  });

  it('pins the module path to $PSHOME\\Modules before any command runs', () => {
    const root = parse(read(COMMON));
    const first = root.descendantsOfType('pipeline')[0];
    expect(first?.text).toBe("$env:PSModulePath = [System.IO.Path]::Combine($PSHOME, 'Modules')");
    const firstCommand = commands(root)[0]!;
    expect(firstCommand.startIndex).toBeGreaterThan(first!.endIndex);
  });

  it.each(operationFiles)('%s loads DsdCommon without a cmdlet, and runs only core commands before it', (file) => {
    const root = parse(read(file));
    const all = commands(root);
    const dotSource = all.find((c) => c.children[0]?.type === 'command_invokation_operator' && c.text.includes(COMMON))!;
    expect(dotSource.text).toBe(". ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))");
    const before = all.filter((c) => c.startIndex < dotSource.startIndex).map(commandName);
    expect(before).toEqual(['Set-StrictMode']);
  });

  it.each(scriptFiles)('%s imports modules only from a manifest path, never by name', (file) => {
    const all = commands(parse(read(file)));
    for (const importer of all.filter((c) => commandName(c)?.toLowerCase() === 'import-module')) {
      expect(parameterValue(importer, '-Name'), `${file}: ${importer.text}`).toBe('$Manifest');
    }
  });

  // Old DirSync (before 6862.0000) has only the Coexistence-Configuration snap-in. Add-PSSnapin
  // resolves a name from its HKLM registration alone; the one call names that snap-in literally and
  // comes after the registration's assembly was checked to be a local file.
  it.each(scriptFiles)("%s adds no snap-in but DirSync's, and only after checking its HKLM registration", (file) => {
    const root = parse(read(file));
    const adds = commands(root).filter((c) => commandName(c)?.toLowerCase() === 'add-pssnapin');
    if (file !== COMMON) {
      expect(adds).toEqual([]);
      return;
    }
    expect(adds.map((c) => parameterValue(c, '-Name'))).toEqual(['Coexistence-Configuration']);
    const fn = root.descendantsOfType('function_statement').find((f) => f?.text.startsWith('function Import-DsdDirSyncSnapIn'))!;
    expect(fn.startIndex < adds[0]!.startIndex && adds[0]!.endIndex < fn.endIndex).toBe(true);
    const body = fn.text;
    const registration = body.indexOf("'SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellSnapIns\\Coexistence-Configuration'");
    const fileCheck = body.indexOf('Test-DsdLocalFile -Path $assembly');
    expect(registration).toBeGreaterThan(0);
    expect(fileCheck).toBeGreaterThan(registration);
    expect(body.indexOf('Add-PSSnapin')).toBeGreaterThan(fileCheck);
  });

  it('Start-DsdSyncCycle tries the DirSync module first, then the snap-in', () => {
    const text = read('Start-DsdSyncCycle.ps1');
    const names = commands(parse(text)).map(commandName);
    expect(names.indexOf('Import-DsdDirSyncModule')).toBeGreaterThan(-1);
    expect(names.indexOf('Import-DsdDirSyncSnapIn')).toBeGreaterThan(names.indexOf('Import-DsdDirSyncModule'));
    expect(text).not.toMatch(/Add-PSSnapin/i);
  });

  it.each(scriptFiles)('%s starts programs only from a path it resolved, never a bare name', (file) => {
    const all = commands(parse(read(file)));
    for (const start of all.filter((c) => commandName(c)?.toLowerCase() === 'start-process')) {
      // $uninstaller: the UninstallString of an HKLM uninstall entry, checked to be an existing local path.
      expect(parameterValue(start, '-FilePath'), start.text).toMatch(/^\$(msiexec|client|uninstaller|wizard)$/);
    }
  });

  it('finds the sync tools from HKLM: AD Sync Location, the DirSync engine service key, the system folder', () => {
    const common = read(COMMON);
    expect(common).toContain("Get-DsdMachineRegistryValue -SubKey 'SOFTWARE\\Microsoft\\AD Sync' -Name 'Location'");
    expect(common).toContain("Get-DsdMachineRegistryValue -SubKey 'SYSTEM\\CurrentControlSet\\Services\\FIMSynchronizationService' -Name 'ImagePath'");
    expect(read('Uninstall-DsdProgram.ps1')).toContain("$msiexec = [System.IO.Path]::Combine([Environment]::SystemDirectory, 'msiexec.exe')");
  });

  it('detects a break: a module by name, a program path from %ProgramFiles%, Join-Path before the pin, another snap-in', () => {
    const root = parse(
      "$pf = $env:ProgramFiles\n$x = ${env:PSModulePath}\nImport-Module -Name 'ADSync'\n. (Join-Path -Path $PSScriptRoot -ChildPath 'DsdCommon.ps1')\nAdd-PSSnapin -Name 'Evil.SnapIn'\n",
    );
    expect(environmentUses(root)).toEqual(['1: $env:ProgramFiles', '2: ${env:PSModulePath}']);
    const importer = commands(root).find((c) => commandName(c) === 'Import-Module')!;
    expect(parameterValue(importer, '-Name')).toBe('ADSync');
    expect(commands(root).map(commandName)).toContain('Join-Path');
    const snapIn = commands(root).find((c) => commandName(c) === 'Add-PSSnapin')!;
    expect(parameterValue(snapIn, '-Name')).toBe('Evil.SnapIn');
  });
});

// The sync engine's database holds the connectors' encrypted credentials beside their settings:
// the AD account reader asks for the settings XML only, with a fixed query, and loads that XML
// without resolving external entities.
describe("Get-DsdAdConnectorAccount reads DirSync's engine database safely", () => {
  const file = 'Get-DsdAdConnectorAccount.ps1';
  const queries = (root: Node) =>
    root
      .descendantsOfType('assignment_expression')
      .filter((a): a is Node => a !== null && /^\$command\.CommandText\s*=/.test(a.text))
      .map((a) => a.text.replace(/^\$command\.CommandText\s*=\s*/, ''));

  it("one fixed query for the AD agents' settings XML, never the encrypted configuration", () => {
    const root = parse(read(file));
    expect(queries(root)).toEqual([`"SELECT ma_name, private_configuration_xml FROM mms_management_agent WHERE ma_type = 'AD'"`]);
    expect(read(file)).not.toMatch(/encrypted_configuration|keyset|mcrypt/i);
    expect(read(file)).toContain("Get-DsdMachineRegistryValue -SubKey $parameters -Name 'DBName'");
  });

  it('turns the XML resolver off before loading the stored XML', () => {
    const text = read(file);
    expect(text.indexOf('$document.XmlResolver = $null')).toBeGreaterThan(0);
    expect(text.indexOf('$document.XmlResolver = $null')).toBeLessThan(text.indexOf('$document.LoadXml('));
  });

  it('detects a break: a query built from a variable', () => {
    const root = parse('$command.CommandText = "SELECT * FROM mms_management_agent WHERE ma_name = \'$name\'"\n');
    expect(queries(root)).toEqual([`"SELECT * FROM mms_management_agent WHERE ma_name = '$name'"`]);
    expect(queries(root)[0]).toContain('$');
  });
});

// The Method 2 scripts that carry a secret (a new service logon password, a local password, a
// cloud credential) keep it away from every writer, every command and every expanded string.
describe('secrets in the logon, local account and deletion-threshold scripts', () => {
  it.each([
    ['Set-DsdServiceLogon.ps1', ['Invoke-CimMethod']],
    ['Reset-DsdLocalUserPassword.ps1', []],
    ['Set-DsdDeletionThreshold.ps1', []],
  ] as const)('%s uses $password only in %j, assignments and method calls', (file, allowed) => {
    const root = parse(read(file));
    const uses = root.descendantsOfType('variable').filter((v): v is Node => v?.text.toLowerCase() === '$password');
    expect(uses.length).toBeGreaterThan(3);
    for (const use of uses) {
      const command = enclosingCommandName(use);
      expect([null, ...allowed], `$password inside ${command}`).toContain(command);
    }
    const strings = root.descendantsOfType('expandable_string_literal').map((s) => s?.text.toLowerCase() ?? '');
    expect(strings.filter((s) => s.includes('$password'))).toEqual([]);
  });

  it('every failure after the password is read blanks it first', () => {
    for (const file of ['Set-DsdServiceLogon.ps1', 'Reset-DsdLocalUserPassword.ps1', 'Set-DsdDeletionThreshold.ps1']) {
      const text = read(file);
      const afterRead = text.slice(text.indexOf("-Name 'password'"));
      // Each Write-DsdFailure between reading and clearing is preceded by "$password = $null".
      const blocks = afterRead.split(/Write-DsdFailure/).slice(0, -1);
      const lastClear = afterRead.lastIndexOf('$password = $null');
      let offset = 0;
      for (const block of blocks) {
        offset += block.length;
        if (offset > lastClear) break;
        expect(block.includes('$password = $null') || block.includes("$password = ''"), `${file}: a failure before clearing the password`).toBe(true);
        offset += 'Write-DsdFailure'.length;
      }
    }
  });
});

// Reading the OU filtering only asks: the one ADSync cmdlet it calls is Get-ADSyncConnector, it
// opens no database, and DirSync gets "not readable on this tool" instead of a guess.
describe('Get-DsdConnectorOuFiltering only reads', () => {
  const file = 'Get-DsdConnectorOuFiltering.ps1';

  it('calls Get-ADSyncConnector and no other sync cmdlet, and no SQL', () => {
    const names = commands(parse(read(file)))
      .map(commandName)
      .filter((n): n is string => n !== null);
    expect(names.filter((n) => /ADSync|Coexistence|Dir[Ss]ync/.test(n))).toEqual(['Get-ADSyncConnector']);
    expect(read(file)).not.toMatch(/SqlClient|SqlConnection|CommandText/);
  });

  it('answers DirSync with the not-readable-on-tool code', () => {
    expect(read(file)).toMatch(/-Tool 'dirsync' -Code 'not-readable-on-tool'/);
  });
});
