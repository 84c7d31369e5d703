// electron-builder.yml against electron-builder's own JSON schema (app-builder-lib/scheme.json),
// plus the decisions the file must keep: per-machine NSIS, the elevation level, icons, targets.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { signingStatus } from '../scripts/signing-status.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve('app-builder-lib/scheme.json');
const YML_TEXT = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const loadConfig = (): Config => YAML.parse(YML_TEXT, { uniqueKeys: true }) as Config;

// Same settings electron-builder validates with (minus type coercion, which would hide mistakes).
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
const errorsOf = (config: unknown) =>
  validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

describe('electron-builder.yml', () => {
  it('is valid against the schema shipped in app-builder-lib', () => {
    expect(path.relative(ROOT, SCHEMA_FILE).split(path.sep).join('/')).toBe('node_modules/app-builder-lib/scheme.json');
    expect(errorsOf(loadConfig())).toEqual([]);
  });

  it.each([
    ['a misspelt NSIS option', (c: Config) => (c.nsis.perMachin = true), /additionalProperty.*perMachin/],
    ['an unknown top-level key', (c: Config) => (c.productname = 'x'), /additionalProperty.*productname/],
    ['an execution level Windows does not know', (c: Config) => (c.win.requestedExecutionLevel = 'admin'), /must be equal to one of the allowed values/],
    ['a wrongly typed value', (c: Config) => (c.nsis.oneClick = 'no'), /must be boolean/],
  ])('the schema check fails on %s', (_what, breakIt, message) => {
    const config = loadConfig();
    breakIt(config);
    expect(errorsOf(config).join('\n')).toMatch(message);
  });

  it("is also accepted by electron-builder's own validator, which rejects a misspelling", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, debug: { isEnabled: boolean; add(): void }) => Promise<void>;
    };
    const debug = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(loadConfig(), debug)).resolves.toBeUndefined();
    const broken = loadConfig();
    broken.win.requestedExecutionLvl = 'highestAvailable';
    await expect(validateConfiguration(broken, debug)).rejects.toThrow(/does not match the API schema/);
  });

  it('names the app and builds outside dist/', () => {
    const config = loadConfig();
    expect(config.appId).toBe('com.dirsyncdoctor.app');
    expect(config.productName).toBe('DirSync Doctor');
    expect(config.directories.output).toBe('release');
  });

  it('builds a per-machine, assisted NSIS installer that can elevate itself', () => {
    const config = loadConfig();
    expect(config.win.target).toContainEqual(expect.objectContaining({ target: 'nsis' }));
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowElevation: true });
    // Program Files only: no folder a normal user could write to.
    expect(config.nsis.allowToChangeInstallationDirectory).toBe(false);
    expect(config.nsis.artifactName).toMatch(/^DirSync-Doctor-Setup-\$\{version\}\.\$\{ext\}$/);
  });

  it('asks for highestAvailable, not requireAdministrator, and says why (Electron #33131)', () => {
    const config = loadConfig();
    expect(config.win.requestedExecutionLevel).toBe('highestAvailable');
    const doc = YAML.parseDocument(YML_TEXT);
    const win = doc.get('win', true) as YAML.YAMLMap;
    const level = win.items.find((pair) => String((pair.key as YAML.Scalar).value) === 'requestedExecutionLevel');
    const reason = (level?.key as YAML.Scalar | undefined)?.commentBefore ?? '';
    expect(reason).toMatch(/#33131/);
    expect(reason).toMatch(/requireAdministrator/);
    expect(reason).toMatch(/sandbox/);
  });

  it('has a Linux AppImage for the lab', () => {
    const config = loadConfig();
    expect(config.linux.target).toContainEqual(expect.objectContaining({ target: 'AppImage' }));
    expect(config.appImage.artifactName).toContain('${version}');
  });

  it('ships only the built app plus the PowerShell scripts and scenarios, and the third-party notices', () => {
    const config = loadConfig();
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', '!e2e/**', '!tests/**', '!scripts/**']));
    expect(config.files.filter((f: string) => !f.startsWith('!'))).toEqual(['dist/**/*', 'package.json']);
    const notices = { from: 'dist/THIRD_PARTY_NOTICES.txt', to: 'THIRD_PARTY_NOTICES.txt' };
    expect(config.extraResources).toContainEqual(notices);
    const assets = config.extraResources.filter((r: { from: string }) => r.from !== notices.from);
    for (const resource of assets) {
      expect(statSync(path.join(ROOT, resource.from)).isDirectory(), resource.from).toBe(true);
      expect(resource.to).toBe(resource.from); // <resources>/assets/..., where electron/app/assets.ts looks
    }
    expect(assets.map((r: { from: string }) => r.from).sort()).toEqual(['assets/collector', 'assets/powershell', 'assets/scenarios']);
  });

  it('turns off the Electron fuses that would make the elevated binary a Node runtime', () => {
    expect(loadConfig().electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });
});

// --- the icons are real images, not placeholders -------------------------------------------------

function pngInfo(buffer: Buffer) {
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('latin1', at + 4, at + 8);
    const data = buffer.subarray(at + 8, at + 8 + length);
    expect(buffer.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(zlib.crc32(buffer.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const pixels = zlib.inflateSync(Buffer.concat(idat));
  expect(pixels.length).toBe(height * (width * 4 + 1));
  return { width, height, pixels };
}

describe('app icons', () => {
  it('assets/icon.png is a 512x512 RGBA PNG with visible content', () => {
    const config = loadConfig();
    expect(config.linux.icon).toBe('assets/icon.png');
    const { width, height, pixels } = pngInfo(readFileSync(path.join(ROOT, 'assets', 'icon.png')));
    expect([width, height]).toEqual([512, 512]);
    const centreRow = 256 * (512 * 4 + 1) + 1;
    expect(pixels[centreRow + 256 * 4 + 3]).toBe(255); // opaque in the middle
    expect(pixels[1 + 3]).toBe(0); // transparent corner
  });

  it('assets/icon.ico holds 16 to 256 px images, the large ones as valid PNGs', () => {
    const config = loadConfig();
    expect(config.win.icon).toBe('assets/icon.ico');
    expect(existsSync(path.join(ROOT, config.nsis.installerIcon))).toBe(true);
    const ico = readFileSync(path.join(ROOT, 'assets', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + 16 * i;
      const size = ico[entry] || 256;
      const bytes = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + bytes).toBeLessThanOrEqual(ico.length);
      const image = ico.subarray(offset, offset + bytes);
      if (image.readUInt32BE(0) === 0x89504e47) expect(pngInfo(image).width).toBe(size);
      else expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8)]).toEqual([40, size, size * 2]);
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});

describe('code signing', () => {
  it('signs with SHA-256 and a timestamp, the certificate only from the environment', () => {
    const config = loadConfig();
    expect(config.win.signtoolOptions).toEqual({ signingHashAlgorithms: ['sha256'], rfc3161TimeStampServer: 'http://timestamp.digicert.com' });
    expect(YML_TEXT).not.toMatch(/certificateFile|certificatePassword|cscLink|cscKeyPassword/);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['dist:win']).toMatch(/ && node scripts\/dist-win\.mjs$/);
  });

  it('says plainly that a build without a certificate is unsigned, and refuses it when signing is required', () => {
    const unsigned = signingStatus({});
    expect(unsigned).toMatchObject({ signed: false, refuse: false });
    expect(unsigned.message).toMatch(/^dist:win: UNSIGNED BUILD\. No code-signing certificate is configured \(set WIN_CSC_LINK or CSC_LINK/);
    expect(signingStatus({ CSC_LINK: '  ' }).signed).toBe(false);
    expect(signingStatus({ DSD_REQUIRE_SIGNING: '1' })).toMatchObject({ signed: false, refuse: true });
    expect(signingStatus({ WIN_CSC_LINK: 'C:\\certs\\dsd.pfx', CSC_KEY_PASSWORD: 'x' })).toEqual({
      signed: true,
      refuse: false,
      message: 'dist:win: signing the installer and app with the certificate from WIN_CSC_LINK.',
    });
    expect(signingStatus({ CSC_LINK: 'https://vault/dsd.pfx', DSD_REQUIRE_SIGNING: '1' }).refuse).toBe(false);
  });
});
