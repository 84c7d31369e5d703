// The legacy collector (assets/collector/Collect-DsdLegacyFacts.ps1) runs on servers with
// PowerShell 2.0. This machine has no PowerShell, so the script is checked on its syntax tree
// (tree-sitter-powershell): it parses, uses only what PowerShell 2.0 has, is read-only (the
// commands it runs are read commands; its one write is its output file, never overwritten), and
// loads no module. Its recorded-shape output files are accepted by the app's own validator.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { parseFactsBytes } from '../../electron/lab/facts-file';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'assets', 'collector', 'Collect-DsdLegacyFacts.ps1');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const WASM = path.join(ROOT, 'node_modules', 'tree-sitter-powershell', 'tree-sitter-powershell.wasm');

let parser: Parser;
beforeAll(async () => {
  await Parser.init();
  parser = new Parser();
  parser.setLanguage(await Language.load(WASM));
});

const source = () => fs.readFileSync(SCRIPT, 'utf8');
const parse = (text: string) => parser.parse(text)!.rootNode;
const all = (root: Node) => {
  const out: Node[] = [];
  const walk = (n: Node) => {
    out.push(n);
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return out;
};
const commandName = (c: Node) => c.children.find((x) => x?.type === 'command_name')?.text ?? null;

/** The code without comments and string contents: what PowerShell parses as syntax. */
function codeTokens(root: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.type === 'comment') return;
    if (/string_literal$/.test(n.type)) {
      parts.push('""');
      return;
    }
    if (n.childCount === 0) parts.push(n.text);
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return parts.join(' ');
}

/** Why a script is not PowerShell 2.0 (empty: it is, as far as these rules see). */
function ps2Problems(text: string): string[] {
  const root = parse(text);
  const nodes = all(root);
  const found: string[] = [];
  for (const n of nodes) {
    if (n.isError || n.isMissing) found.push(`syntax error at ${n.startPosition.row + 1}`);
    if (n.type === 'class_statement' || n.type === 'enum_statement') found.push(`${n.type} (PowerShell 5)`);
    if (n.type === 'comparison_operator' && /^-(not)?in$/i.test(n.text)) found.push(`${n.text} (PowerShell 3)`);
  }
  const code = codeTokens(root);
  const tokens: [RegExp, string][] = [
    [/::\s*new\b/i, '::new() (PowerShell 5)'],
    [/\[\s*ordered\s*\]/i, '[ordered] (PowerShell 3)'],
    [/\[\s*pscustomobject\s*\]/i, '[pscustomobject] (PowerShell 3)'],
    [/\$(PSItem|PSScriptRoot|PSCommandPath)\b/i, 'an automatic variable PowerShell 2.0 scripts lack'],
    [/\.\s*(Where|ForEach)\s*\(/i, '.Where()/.ForEach() (PowerShell 4)'],
    [/-shl\b|-shr\b/i, '-shl/-shr (PowerShell 3)'],
    [/&&|\|\||\?\?|\?\./, 'a PowerShell 7 operator'],
    [/^\s*using\b|\busing\s+(namespace|module)\b|\bworkflow\b/im, 'using/workflow (PowerShell 3+)'],
  ];
  for (const [re, why] of tokens) if (re.test(code)) found.push(why);
  const later = [
    'ConvertTo-Json',
    'ConvertFrom-Json',
    'Invoke-RestMethod',
    'Invoke-WebRequest',
    'Get-CimInstance',
    'Invoke-CimMethod',
    'New-CimSession',
    'Get-ScheduledTask',
  ];
  for (const c of nodes.filter((n) => n.type === 'command')) {
    const name = commandName(c);
    if (name && later.some((l) => l.toLowerCase() === name.toLowerCase())) found.push(`${name} (PowerShell 3 or later)`);
  }
  for (const p of nodes.filter((n) => n.type === 'command_parameter')) {
    if (/^-(AsHashtable|Parallel|NoNewline)$/i.test(p.text)) found.push(`${p.text} (a later PowerShell)`);
  }
  for (const a of nodes.filter((n) => n.type === 'command_argument_sep' || n.type === 'generic_token')) {
    if (/^Ignore$/i.test(a.text.trim()) && /-ErrorAction\s+Ignore/i.test(a.parent?.parent?.text ?? '')) found.push('-ErrorAction Ignore (PowerShell 3)');
  }
  return [...new Set(found)];
}

// Read commands only, plus the script's own functions. Nothing that sets, starts, stops, writes or loads.
const READ_COMMANDS = [
  'Get-WmiObject',
  'Get-ItemProperty',
  'Get-ChildItem',
  'Test-Path',
  'Get-EventLog',
  'New-Object',
  'Sort-Object',
  'ForEach-Object',
  'Set-StrictMode',
];

describe('the legacy collector is PowerShell 2.0', () => {
  it('declares #Requires -Version 2.0 first and runs in strict mode 2.0, stopping on errors', () => {
    const text = source();
    expect(text.split('\n')[0]).toBe('#Requires -Version 2.0');
    expect(text).toMatch(/^Set-StrictMode -Version 2\.0$/m);
    expect(text).toMatch(/^\$ErrorActionPreference = 'Stop'$/m);
  });

  it('parses and breaks none of the PowerShell 2.0 rules', () => {
    expect(ps2Problems(source())).toEqual([]);
  });

  it.each([
    ['a class', 'class Facts { [string]$Name }\n'],
    ['::new()', '$list = [System.Collections.ArrayList]::new()\n'],
    ['-in', "if ('a' -in $names) { 1 }\n"],
    ['-notin', "if ('a' -notin $names) { 1 }\n"],
    ['ConvertTo-Json', '$facts | ConvertTo-Json -Depth 5\n'],
    ['[ordered]', '$o = [ordered]@{ a = 1 }\n'],
    ['$PSScriptRoot', '$here = $PSScriptRoot\n'],
    ['Get-CimInstance', 'Get-CimInstance -ClassName Win32_Service\n'],
    ['.Where()', '$x = $list.Where({ $_ })\n'],
    ['-ErrorAction Ignore', 'Get-Item -Path x -ErrorAction Ignore\n'],
  ])('detects %s', (_label, snippet) => {
    expect(ps2Problems(snippet).length).toBeGreaterThan(0);
  });

  it('does not mistake strings and comments for code', () => {
    expect(ps2Problems("# a class -in ::new() ConvertTo-Json\n$s = 'x -in y ::new() [ordered]'\n")).toEqual([]);
  });
});

describe('the legacy collector only reads', () => {
  it('runs read commands and its own functions only, and loads no module or snap-in', () => {
    const root = parse(source());
    const own = new Set(
      all(root)
        .filter((n) => n.type === 'function_statement')
        .map((f) => f.children.find((c) => c?.type === 'function_name')?.text.toLowerCase()),
    );
    const used = all(root)
      .filter((n) => n.type === 'command')
      .map(commandName)
      .filter((n): n is string => n !== null && !own.has(n.toLowerCase()));
    expect(used.length).toBeGreaterThan(10);
    const allowed = new Set(READ_COMMANDS.map((c) => c.toLowerCase()));
    expect([...new Set(used.filter((n) => !allowed.has(n.toLowerCase())))]).toEqual([]);
  });

  it('writes one file, its output, only after refusing to overwrite one; no redirection, no environment', () => {
    const text = source();
    const root = parse(text);
    expect(all(root).filter((n) => n.type === 'redirection')).toEqual([]);
    const code = codeTokens(root);
    expect(
      code.match(/WriteAll\w+|AppendAll\w+|StreamWriter|FileStream|\.Save\s*\(|\.Delete\s*\(|\.Put\s*\(|\.SetInfo\s*\(|InvokeMethod|\.Invoke\s*\(/gi) ?? [],
    ).toEqual(['WriteAllText']);
    expect(text).toContain('[System.IO.File]::WriteAllText($OutFile, $json,');
    expect(text.indexOf('if (Test-Path -LiteralPath $OutFile)')).toBeGreaterThan(0);
    expect(text.indexOf('if (Test-Path -LiteralPath $OutFile)')).toBeLessThan(text.indexOf('WriteAllText('));
    expect(code).not.toMatch(/\$\{?env:/i);
    expect(code).not.toMatch(/Import-Module|Add-PSSnapin|Invoke-Expression|Start-Process|msiexec/i);
  });

  it('reads no secret: no password, key or encrypted configuration is asked for', () => {
    const code = codeTokens(parse(source()));
    expect(source()).not.toMatch(/unicodePwd|encrypted_configuration|keyset|Get-Credential|ConvertFrom-SecureString|-AsPlainText/i);
    expect(code).not.toMatch(/SqlClient|SqlConnection/);
  });
});

const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** Every key of a JSON value, as a path-less set of names. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

describe('recorded-shape output of the collector', () => {
  it('has fixtures of DirSync (before, after the stop, after the uninstall), AADSync and Connect 1.x', () => {
    expect(fixtureFiles).toEqual([
      'aadsync-2012r2.json',
      'connect1-2012r2.json',
      'dirsync-2008r2.after-stop.json',
      'dirsync-2008r2.after-uninstall.json',
      'dirsync-2008r2.before.json',
    ]);
  });

  it.each(fixtureFiles)("%s is accepted by the app's validator as a collected server", (file) => {
    const bytes = fs.readFileSync(path.join(FIXTURES, file));
    const facts = parseFactsBytes(bytes, file);
    expect(facts.collected?.kind).toBe('collector');
    expect(facts.id).toBe(`collected-${facts.os.computerName.toLowerCase()}`);
    // PowerShell's UTF8Encoding could also write a byte-order mark; that is accepted too.
    expect(parseFactsBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), file)).toEqual(facts);
  });

  it('the fixtures use exactly the keys the script writes', () => {
    const written = new Set([...source().matchAll(/\$\w+\['(\w+)'\]\s*=/g)].map((m) => m[1]!));
    const inFixtures = new Set<string>();
    for (const f of fixtureFiles) keysOf(JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')), inFixtures);
    expect([...inFixtures].filter((k) => !written.has(k)).sort()).toEqual([]);
    expect([...written].filter((k) => !inFixtures.has(k)).sort()).toEqual([]);
  });

  it('a collected file with a bad field is refused naming the field', () => {
    const facts = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'dirsync-2008r2.before.json'), 'utf8'));
    facts.services[0].state = 'paused';
    expect(() => parseFactsBytes(Buffer.from(JSON.stringify(facts)), 'bad.json')).toThrow(/bad\.json: .*services\.0\.state/);
  });
});
