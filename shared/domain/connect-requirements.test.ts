// The replacement's minimums as dated rows, and one TLS 1.2 rule for every check that judges it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tlsProblems } from '../playbooks/checks-method1';
import { UPGRADE_CHECKS } from '../playbooks/upgrade/checks';
import { computeScope, EMPTY_RECORDS, type UpgradeProbe } from '../playbooks/upgrade/facts';
import {
  DOTNET_MINIMUM,
  IN_PLACE_LIMIT,
  MIN_DOTNET_RELEASE,
  SERVER_RELEASES,
  serverSupport,
  TLS12_VALUES,
  tls12Shortfalls,
  tlsEnforcement,
  TLS_ENFORCEMENT_BUILDS,
  type DatedRequirement,
} from './connect-requirements';
import type { TlsSettings } from './host';

const ROWS: Record<string, DatedRequirement<unknown>> = { IN_PLACE_LIMIT, SERVER_RELEASES, DOTNET_MINIMUM, TLS12_VALUES };
const allSet: TlsSettings = {
  netFramework64: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
  netFramework32: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
  schannelClient: { enabled: 1, disabledByDefault: 0 },
  schannelServer: { enabled: 1, disabledByDefault: 0 },
};

function probe(over: Partial<UpgradeProbe>): UpgradeProbe {
  const tool = {
    generation: 'dirsync' as const,
    label: 'DirSync',
    displayName: 'Windows Azure Active Directory Sync tool',
    version: '1.0.7020.0',
    bitness: '64' as const,
    registryView: '64' as const,
    productCode: null,
    uninstallString: null,
    windowsInstaller: true,
  };
  const objects = { users: 10, groups: 0, contacts: 0, total: 10, source: 'directory' as const };
  return {
    scope: computeScope(tool, objects, EMPTY_RECORDS, false),
    computerName: 'DIRSYNC01',
    tool,
    rejectEvents: [],
    os: { caption: 'Microsoft Windows Server 2022 Standard', version: '10.0.20348', is64Bit: true, isServer: true },
    dotNetRelease: 528040,
    tls: allSet,
    adfs: false,
    runInProgress: false,
    lastRun: null,
    toolService: null,
    objects,
    objectsProblem: null,
    records: EMPTY_RECORDS,
    ...over,
  };
}

describe('each requirement is a dated row with its source', () => {
  it.each(Object.entries(ROWS))('%s names its source and dates, the check not before the source', (_name, row) => {
    expect(row.source.length).toBeGreaterThan(20);
    expect(row.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.checked >= row.sourceDate).toBe(true);
  });
});

describe('Windows Server', () => {
  it('2016, 2019, 2022 and 2025 are supported; older is too old; an unknown newer build is not on the list', () => {
    expect([14393, 17763, 20348, 26100].map(serverSupport)).toEqual(['supported', 'supported', 'supported', 'supported']);
    expect(serverSupport(9600)).toBe('too-old');
    expect(serverSupport(30000)).toBe('not-listed');
  });
  it('the in-place prerequisite passes on Windows Server 2025 (recommended by Microsoft) and on 2022, naming its source and date', () => {
    const check = UPGRADE_CHECKS['upgrade-64bit-server'];
    const ws2025 = check(probe({ os: { caption: 'Microsoft Windows Server 2025 Standard', version: '10.0.26100', is64Bit: true, isServer: true } }));
    expect(ws2025).toMatchObject({ status: 'pass', summary: expect.stringMatching(/^Windows Server 2025, 64-bit: .*recommends it/) });
    const ws2022 = check(probe({}));
    expect(ws2022.status).toBe('pass');
    expect(ws2022.evidence.find((e) => e.label === 'Supported')!.source).toMatch(/how-to-connect-install-prerequisites.*2026-01-16$/);
    expect(check(probe({ os: { caption: 'Microsoft Windows Server 2012 R2 Standard', version: '6.3.9600', is64Bit: true, isServer: true } })).status).toBe(
      'fail',
    );
  });
});

describe('.NET Framework', () => {
  it('4.7.2 (release 461808) is the floor: 4.7.1 fails, 4.7.2 passes', () => {
    expect(MIN_DOTNET_RELEASE).toBe(461808);
    const check = UPGRADE_CHECKS['upgrade-dotnet'];
    expect(check(probe({ dotNetRelease: 461308 })).status).toBe('fail');
    const ok = check(probe({ dotNetRelease: 461808 }));
    expect(ok.status).toBe('pass');
    expect(ok.evidence.find((e) => e.label === 'Required')).toMatchObject({
      value: '4.7.2 or later (release 461808)',
      source: expect.stringMatching(/harden-update-ad-fs-pingfederate.*2024-12-01$/),
    });
  });
});

describe('TLS 1.2: one rule', () => {
  it('.NET values must be 1 and present; absent SCHANNEL values leave TLS 1.2 on; present ones must be exactly 1 and 0', () => {
    expect(tls12Shortfalls(allSet)).toEqual([]);
    const absentSchannel = {
      ...allSet,
      schannelClient: { enabled: null, disabledByDefault: null },
      schannelServer: { enabled: null, disabledByDefault: null },
    };
    expect(tls12Shortfalls(absentSchannel)).toEqual([]);
    const absentNet = { ...allSet, netFramework32: { schUseStrongCrypto: null, systemDefaultTlsVersions: 1 } };
    expect(tls12Shortfalls(absentNet).map((s) => s.value.label)).toEqual(['.NET 4 (32-bit) SchUseStrongCrypto']);
    // Each of these passed the upgrade check before (it refused only Enabled 0 and DisabledByDefault 1) and failed KB 2882421 step 6.
    const odd = { ...allSet, schannelClient: { enabled: 0xffffffff, disabledByDefault: 0 }, schannelServer: { enabled: 1, disabledByDefault: 2 } };
    expect(tlsProblems(odd)).toEqual(['SCHANNEL TLS 1.2 Client Enabled is 4294967295 (needs 1)', 'SCHANNEL TLS 1.2 Server DisabledByDefault is 2 (needs 0)']);
    expect(UPGRADE_CHECKS['upgrade-tls12'](probe({ tls: odd })).status).toBe('fail');
  });

  it('only builds 2.3.20.0-2.4.129.0 (and older tools) need the registry values; newer ones fail only on TLS 1.2 turned off', () => {
    expect(tlsEnforcement('entra-connect', '2.3.20.0')).toBe('needed');
    expect(tlsEnforcement('entra-connect', '2.4.129.0')).toBe('needed');
    expect(tlsEnforcement('entra-connect', '2.4.131.0')).toBe('not-needed');
    expect(tlsEnforcement('entra-connect', '2.6.92.0')).toBe('not-needed');
    expect(tlsEnforcement('dirsync', '1.0.7020.0')).toBe('needed');
    expect(tlsEnforcement('entra-connect', null)).toBe('unknown');
    const defaults = {
      netFramework64: { schUseStrongCrypto: null, systemDefaultTlsVersions: null },
      netFramework32: { schUseStrongCrypto: null, systemDefaultTlsVersions: null },
      schannelClient: { enabled: null, disabledByDefault: null },
      schannelServer: { enabled: null, disabledByDefault: null },
    };
    expect(tlsProblems(defaults, 'not-needed')).toEqual([]);
    expect(tlsProblems(defaults, 'needed')).toHaveLength(4);
    expect(tlsProblems({ ...defaults, schannelClient: { enabled: 0, disabledByDefault: null } }, 'not-needed')).toEqual([
      'SCHANNEL TLS 1.2 Client Enabled is 0 (needs 1)',
    ]);
    expect(TLS_ENFORCEMENT_BUILDS.source).toMatch(/reference-connect-tls-enforcement/);
  });

  it('KB 2882421 step 6 on a current build and the upgrade prerequisite (the current build) judge every registry state alike (property)', () => {
    const dword = fc.oneof(fc.constant(null), fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 0xffffffff }));
    const net = fc.record({ schUseStrongCrypto: dword, systemDefaultTlsVersions: dword });
    const side = fc.record({ enabled: dword, disabledByDefault: dword });
    fc.assert(
      fc.property(fc.record({ netFramework64: net, netFramework32: net, schannelClient: side, schannelServer: side }), (tls) => {
        const kb = tlsProblems(tls, 'not-needed').length === 0;
        const upgrade = UPGRADE_CHECKS['upgrade-tls12'](probe({ tls })).status === 'pass';
        expect(upgrade).toBe(kb);
      }),
      { numRuns: 500 },
    );
  });
});
