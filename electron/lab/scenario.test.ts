import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioDir, loadScenarioFile, parseScenario, readScenarioDir, SCENARIO_LIMITS, ScenarioError } from './scenario';

const dir = path.resolve('assets/scenarios');
const healthy = fs.readFileSync(path.join(dir, 'healthy-entra-connect.json'), 'utf8');

describe('scenario files', () => {
  it('every shipped scenario validates and is named after its id', async () => {
    const all = await loadScenarioDir(dir);
    expect(all.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'healthy-entra-connect',
        'sync-service-stopped',
        'service-account-disabled',
        'service-account-password-expired',
        'service-account-stale-password',
        'service-account-deleted',
        'dirsync-32bit-event-109',
        'dirsync-32bit-event-0',
        'adfs-on-sync-server',
        'sync-run-in-progress',
      ]),
    );
  });

  it("the AD connector's OU filtering is optional; a bad one is refused naming the field", () => {
    expect(parseScenario(healthy, 'h.json').connectors.ad.ouFiltering).toBeUndefined();
    const withFiltering = (ouFiltering: unknown) => JSON.stringify({ ...JSON.parse(healthy), connectors: { ad: { ouFiltering } } });
    expect(parseScenario(withFiltering({ inclusions: ['OU=Staff'], exclusions: ['OU=Old,OU=Staff'] }), 'f.json').connectors.ad.ouFiltering).toEqual({
      selected: true,
      wholeDomain: false,
      inclusions: ['OU=Staff'],
      exclusions: ['OU=Old,OU=Staff'],
    });
    expect(() => parseScenario(withFiltering({ inclusions: ['Staff'] }), 'a.json')).toThrow(
      /a\.json: connectors\.ad\.ouFiltering\.inclusions\.0: must be like OU=Staff/,
    );
    expect(() => parseScenario(withFiltering({ exclusions: 'OU=Old' }), 'b.json')).toThrow(/b\.json: connectors\.ad\.ouFiltering\.exclusions/);
    expect(() => parseScenario(withFiltering({ inclusions: ['OU=A'], colour: 'red' }), 'c.json')).toThrow(/c\.json: connectors\.ad\.ouFiltering.*colour/);
    expect(() => parseScenario(withFiltering({ unreadable: 'shaped otherwise', inclusions: ['OU=A'] }), 'd.json')).toThrow(
      /d\.json: connectors\.ad\.ouFiltering\.unreadable/,
    );
    expect(() => parseScenario(withFiltering({ inclusions: ['OU=A'], exclusions: ['OU=a'] }), 'e.json')).toThrow(
      /e\.json: connectors\.ad\.ouFiltering\.exclusions\.0: OU=a is listed twice/,
    );
  });

  it('a certificate age or life beyond a century is refused naming the field (a date that cannot be made is never reached)', () => {
    const withCertificate = (certificate: object) => {
      const s = JSON.parse(healthy);
      s.cloud = { ...s.cloud, certificate };
      return JSON.stringify(s);
    };
    expect(parseScenario(withCertificate({ issuedDaysAgo: 30, validDays: 365 }), 'ok.json').cloud.certificate).toMatchObject({ issuedDaysAgo: 30 });
    expect(() => parseScenario(withCertificate({ issuedDaysAgo: 1e300, validDays: 365 }), 'old.json')).toThrow(/old\.json: cloud\.certificate\.issuedDaysAgo/);
    expect(() => parseScenario(withCertificate({ issuedDaysAgo: 1, validDays: 1e300 }), 'long.json')).toThrow(/long\.json: cloud\.certificate\.validDays/);
  });

  it('a bad file gets an error naming the field', () => {
    const bad = JSON.parse(healthy);
    bad.services[0].state = 'sleeping';
    expect(() => parseScenario(JSON.stringify(bad), 'x.json')).toThrow(/x\.json: services\.0\.state/);
    const unknownField = { ...JSON.parse(healthy), colour: 'blue' };
    expect(() => parseScenario(JSON.stringify(unknownField), 'y.json')).toThrow(/colour/);
    const dangling = JSON.parse(healthy);
    dangling.services[0].logon.sAMAccountName = 'nobody';
    expect(() => parseScenario(JSON.stringify(dangling), 'z.json')).toThrow(/services\.0\.logon\.sAMAccountName: no account "nobody"/);
    expect(() => parseScenario('{ not json', 'w.json')).toThrow(ScenarioError);
    const badSam = JSON.parse(healthy);
    badSam.accounts[0].sAMAccountName = 'x'.repeat(21);
    expect(() => parseScenario(JSON.stringify(badSam), 'v.json')).toThrow(/accounts\.0\.sAMAccountName/);
  });
});

describe('DirSync logs on as its local AAD_ account', () => {
  // TechNet Wiki 24619 (NOTES-windows.md §2): both DirSync services run as the same local user
  // AAD_<hex>, never LocalSystem; the lab must check that account's password at every start.
  it('every DirSync scenario runs both services as one local user account of the server', async () => {
    const dirsync = (await loadScenarioDir(dir)).filter((s) => s.tool?.generation === 'dirsync');
    expect(dirsync.length).toBeGreaterThanOrEqual(13);
    for (const s of dirsync) {
      const logons = s.services.map((svc) => svc.logon);
      expect(
        logons.map((l) => l.kind),
        s.id,
      ).toEqual(logons.map(() => 'local'));
      const names = new Set(logons.map((l) => (l.kind === 'local' ? l.name : '')));
      expect(names.size, s.id).toBe(1);
      expect([...names][0], s.id).toMatch(/^AAD_[0-9a-f]{12}$/);
      expect(
        s.localAccounts.map((a) => a.name),
        s.id,
      ).toContain([...names][0]);
    }
  });

  it('refuses a user account dressed as a built-in identity, naming the field and the kind to use', () => {
    const local = JSON.parse(healthy);
    local.services[0].logon = { kind: 'builtin', account: `${local.os.computerName}\\AAD_1f2e3d4c5b6a` };
    expect(() => parseScenario(JSON.stringify(local), 'b.json')).toThrow(
      /services\.0\.logon\.account: .*is a local user account, not a built-in identity: use kind "local"/,
    );
    const domain = JSON.parse(healthy);
    domain.services[0].logon = { kind: 'builtin', account: 'LAB\\AAD_5e6f7a8b9c0d' };
    expect(() => parseScenario(JSON.stringify(domain), 'd.json')).toThrow(/use kind "domain"/);
    const system = JSON.parse(healthy);
    system.services[0].logon = { kind: 'builtin', account: 'LocalSystem' };
    expect(parseScenario(JSON.stringify(system), 's.json').services[0]!.logon).toEqual({ kind: 'builtin', account: 'LocalSystem' });
  });
});

describe('scenario folder', () => {
  it('every shipped file validates: no problems, at least 20 scenarios', async () => {
    const { scenarios, problems } = await readScenarioDir(dir);
    expect(problems).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
  });

  it('one bad file is reported by name and field and never breaks the others', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scenarios-'));
    fs.writeFileSync(path.join(tmp, 'healthy-entra-connect.json'), healthy);
    const bad = JSON.parse(healthy);
    bad.id = 'broken';
    bad.sync.deletionThreshold = { enabled: 'yes' };
    fs.writeFileSync(path.join(tmp, 'broken.json'), JSON.stringify(bad));
    fs.writeFileSync(path.join(tmp, 'garbage.json'), '{ nope');
    fs.writeFileSync(path.join(tmp, 'misnamed.json'), healthy);
    const { scenarios, problems } = await readScenarioDir(tmp);
    expect(scenarios.map((s) => s.id)).toEqual(['healthy-entra-connect']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^broken\.json: .*sync\.deletionThreshold\.enabled/);
    expect(problems[1]).toMatch(/^garbage\.json: not valid JSON/);
    expect(problems[2]).toMatch(/^misnamed\.json: id "healthy-entra-connect" does not match/);
    expect((await loadScenarioDir(tmp)).map((s) => s.id)).toEqual(['healthy-entra-connect']);
  });
});

describe("today's scenario format keeps loading", () => {
  // A file as written before the Method 1-2 fields existed: none of them present.
  const legacy = {
    id: 'legacy',
    title: 'Legacy',
    description: 'A file in the first scenario format.',
    os: {
      computerName: 'SYNC01',
      domain: 'lab.example.com',
      caption: 'Windows Server',
      version: '10.0.17763',
      is64Bit: true,
      isServer: true,
      isElevated: true,
      netbiosDomain: 'LAB',
    },
    tool: {
      generation: 'entra-connect',
      displayName: 'Microsoft Entra Connect Sync',
      version: '2.6.84.0',
      productCode: '{6E3A46C8-9BEE-4E0F-9D4A-2F4B3C1D7E21}',
      bitness: '64',
    },
    services: [
      {
        name: 'ADSync',
        displayName: 'Microsoft Azure AD Sync',
        state: 'running',
        startType: 'automatic',
        logon: { kind: 'builtin', account: 'NT SERVICE\\ADSync' },
      },
    ],
    sync: {
      runInProgress: false,
      schedulerEnabled: true,
      history: [{ connector: 'lab.example.com', profile: 'Delta Import', result: 'success', minutesAgo: 5 }],
    },
  };

  it('gets the defaults of every new field', () => {
    const s = parseScenario(JSON.stringify(legacy), 'legacy.json');
    expect(s.localAccounts).toEqual([]);
    expect(s.tls).toEqual({
      netFramework64: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
      netFramework32: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
      schannelClient: { enabled: 1, disabledByDefault: 0 },
      schannelServer: { enabled: 1, disabledByDefault: 0 },
    });
    expect(s.network).toEqual({ endpoint: 'ok', proxy: null });
    expect(s.cloud).toEqual({ authentication: 'service-account', credential: 'valid' });
    expect(s.sync.scheduler).toEqual({ suspended: false, stagingMode: false, intervalMinutes: 30, nextCycleInMinutes: 30 });
    expect(s.sync.deletionThreshold).toEqual({ enabled: true, value: 500 });
    expect(s.sync.pendingDeletes).toBe(0);
    expect(s.sync.databaseFull).toBe(false);
    expect(s.services[0]!.originalLogon).toBeUndefined();
  });

  it('a sync block without the new fields, or none at all, gets them too', () => {
    const { sync: _sync, ...noSync } = legacy;
    expect(parseScenario(JSON.stringify(noSync), 'n.json').sync.deletionThreshold).toEqual({ enabled: true, value: 500 });
  });

  it('refuses a local logon without its local account, naming the field', () => {
    const bad = structuredClone(legacy) as Record<string, unknown> & typeof legacy;
    (bad.services[0] as Record<string, unknown>).logon = { kind: 'local', name: 'AAD_1' };
    expect(() => parseScenario(JSON.stringify(bad), 'l.json')).toThrow(/services\.0\.logon\.name: no local account "AAD_1"/);
  });
});

describe('field length caps', () => {
  const base = () => JSON.parse(healthy) as Record<string, unknown>;

  it('a 300 MB title is refused: the file by its size before reading, the text by the field', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-title-'));
    try {
      const file = path.join(folder, 'big.json');
      // The title's first bytes, then the file grown to 300 MB (sparse): only its size is looked at.
      fs.writeFileSync(file, `{"id":"big","title":"${'t'.repeat(1024)}`);
      fs.truncateSync(file, 300 * 1024 * 1024);
      await expect(loadScenarioFile(file)).rejects.toThrow(/lab scenario .*big\.json: is 314572800 bytes, more than the 4194304 a lab scenario may have/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    // Text that reaches the schema some other way (a bundle's facts, the collector) is checked by field.
    const text = JSON.stringify({ ...base(), title: 'x' }).replace('"title":"x"', `"title":"${'t'.repeat(20 * 1024 * 1024)}"`);
    expect(() => parseScenario(text, 'big.json')).toThrow(/^big\.json: title: 20971520 characters, more than any field may have/);
  });

  it('a title, description or name over its own cap is refused, naming the field', () => {
    expect(() => parseScenario(JSON.stringify({ ...base(), title: 'x'.repeat(SCENARIO_LIMITS.title + 1) }), 'a.json')).toThrow(
      /a\.json: title: at most 200 characters/,
    );
    expect(() => parseScenario(JSON.stringify({ ...base(), description: 'x'.repeat(SCENARIO_LIMITS.description + 1) }), 'b.json')).toThrow(
      /b\.json: description: at most 4000 characters/,
    );
    const s = base();
    (s.services as { displayName: string }[])[0]!.displayName = 'x'.repeat(SCENARIO_LIMITS.text + 1);
    expect(() => parseScenario(JSON.stringify(s), 'c.json')).toThrow(/c\.json: services\.0\.displayName: at most 1024 characters/);
    expect(parseScenario(JSON.stringify({ ...base(), title: 'x'.repeat(SCENARIO_LIMITS.title) }), 'd.json').title).toHaveLength(200);
  });

  it('a list longer than any list may be is refused, naming it', () => {
    const events = Array.from({ length: SCENARIO_LIMITS.list + 1 }, () => ({}));
    expect(() => parseScenario(JSON.stringify({ ...base(), events }), 'e.json')).toThrow(/e\.json: events: 10001 entries, more than any list may have/);
  });

  it('a long string in a field of a shared type (the OS facts) is refused too', () => {
    const s = base();
    (s.os as Record<string, unknown>).caption = 'x'.repeat(SCENARIO_LIMITS.anyString + 1);
    expect(() => parseScenario(JSON.stringify(s), 'f.json')).toThrow(/f\.json: os\.caption: 65537 characters/);
  });
});
