// What the replacement for DirSync needs, as dated data: these move with Microsoft's support
// policy, so they live here, each row with its source and the date of that source, not in the
// checks. Re-checked 2026-12-06 against Microsoft's pages (each row names its page).
import type { SyncToolGeneration, TlsSettings } from './host';
import { SOURCES, sourceLine } from './public-sources';
import { compareVersions } from './version-floors';

/** A requirement as a row: its value, where it comes from, and when that source said so. */
export interface DatedRequirement<T> {
  value: T;
  source: string;
  /** The source's own date (its ms.date, or the copy the notes read), YYYY-MM-DD. */
  sourceDate: string;
  /** When this row was last compared with its source, YYYY-MM-DD. */
  checked: string;
}

const CHECKED = '2026-11-22';

/** An in-place upgrade is for a DirSync server syncing fewer than this many objects. */
export const IN_PLACE_LIMIT: DatedRequirement<number> = {
  value: 50_000,
  source: sourceLine(SOURCES.dirsyncUpgrade),
  sourceDate: '2024-12-01',
  checked: CHECKED,
};
export const IN_PLACE_OBJECT_LIMIT = IN_PLACE_LIMIT.value;

/**
 * The Windows Server releases Entra Connect Sync installs on, by the build number Windows reports.
 * Microsoft's prerequisites page (2026-01-16) recommends Windows Server 2025 or 2022 and supports
 * 2016 and later; the earlier warning about 2025 (a sync problem fixed by KB5070773) is history.
 */
export const SERVER_RELEASES: DatedRequirement<{
  minBuild: number;
  supported: Readonly<Record<number, string>>;
  notSupported: Readonly<Record<number, string>>;
  recommended: readonly number[];
}> = {
  value: {
    minBuild: 14393,
    supported: { 14393: 'Windows Server 2016', 17763: 'Windows Server 2019', 20348: 'Windows Server 2022', 26100: 'Windows Server 2025' },
    notSupported: {},
    recommended: [26100, 20348],
  },
  source: `${sourceLine(SOURCES.prerequisites)} ("We recommend using Windows Server 2025 or Windows Server 2022")`,
  sourceDate: '2026-01-16',
  checked: '2026-12-06',
};
export const MIN_SERVER_BUILD = SERVER_RELEASES.value.minBuild;
export const SERVER_BUILD_NAMES: Readonly<Record<number, string>> = { ...SERVER_RELEASES.value.supported, ...SERVER_RELEASES.value.notSupported };

/**
 * .NET Framework 4.7.2 or later (release 461808). The prerequisites page of 2025-09-29 lists 4.6.2
 * in its bullet list but 4.7.2 in its mandatory-upgrade notice; the notes' two sources agree on 4.7.2.
 */
export const DOTNET_MINIMUM: DatedRequirement<{ release: number; name: string }> = {
  value: { release: 461808, name: '4.7.2' },
  source: `${sourceLine(SOURCES.hardenAdfs, SOURCES.versionHistory)} (2.2.8.0 raised the minimum to 4.7.1)`,
  sourceDate: '2024-12-01',
  checked: CHECKED,
};
export const MIN_DOTNET_RELEASE = DOTNET_MINIMUM.value.release;
export const DOTNET_RELEASE_NAMES: ReadonlyArray<readonly [number, string]> = [
  [533320, '4.8.1'],
  [528040, '4.8'],
  [461808, '4.7.2'],
  [461308, '4.7.1'],
  [460798, '4.7'],
  [394802, '4.6.2'],
  [394254, '4.6.1'],
  [393295, '4.6'],
  [379893, '4.5.2'],
  [378675, '4.5.1'],
  [378389, '4.5'],
];

/** One registry value TLS 1.2 needs. */
export interface Tls12Value {
  /** Where in TlsSettings the value is read. */
  at: keyof TlsSettings;
  name: 'schUseStrongCrypto' | 'systemDefaultTlsVersions' | 'enabled' | 'disabledByDefault';
  /** The value's name in the registry and where it lives, for the evidence. */
  label: string;
  needs: 0 | 1;
  /** Absent SCHANNEL values leave TLS 1.2 on (the default since Windows Server 2012); absent .NET values do not. */
  absentOk: boolean;
}

/** The TLS 1.2 registry values (set them, then restart the server). */
export const TLS12_VALUES: DatedRequirement<readonly Tls12Value[]> = {
  value: [
    { at: 'netFramework64', name: 'schUseStrongCrypto', label: '.NET 4 (64-bit) SchUseStrongCrypto', needs: 1, absentOk: false },
    { at: 'netFramework64', name: 'systemDefaultTlsVersions', label: '.NET 4 (64-bit) SystemDefaultTlsVersions', needs: 1, absentOk: false },
    { at: 'netFramework32', name: 'schUseStrongCrypto', label: '.NET 4 (32-bit) SchUseStrongCrypto', needs: 1, absentOk: false },
    { at: 'netFramework32', name: 'systemDefaultTlsVersions', label: '.NET 4 (32-bit) SystemDefaultTlsVersions', needs: 1, absentOk: false },
    { at: 'schannelClient', name: 'enabled', label: 'SCHANNEL TLS 1.2 Client Enabled', needs: 1, absentOk: true },
    { at: 'schannelClient', name: 'disabledByDefault', label: 'SCHANNEL TLS 1.2 Client DisabledByDefault', needs: 0, absentOk: true },
    { at: 'schannelServer', name: 'enabled', label: 'SCHANNEL TLS 1.2 Server Enabled', needs: 1, absentOk: true },
    { at: 'schannelServer', name: 'disabledByDefault', label: 'SCHANNEL TLS 1.2 Server DisabledByDefault', needs: 0, absentOk: true },
  ],
  source: `${sourceLine(SOURCES.tlsEnforcement)}; TLS 1.2 is on by default on Windows Server 2012 and later`,
  sourceDate: '2021-04-23',
  checked: CHECKED,
};

export interface Tls12Shortfall {
  value: Tls12Value;
  /** What the registry holds; null when the value is absent. */
  actual: number | null;
}

/** The TLS 1.2 values that are not as needed, in the table's order; empty when TLS 1.2 is ready. */
export function tls12Shortfalls(t: TlsSettings): Tls12Shortfall[] {
  const out: Tls12Shortfall[] = [];
  for (const value of TLS12_VALUES.value) {
    const actual = (t[value.at] as Record<string, number | null>)[value.name] ?? null;
    if (actual === null ? !value.absentOk : actual !== value.needs) out.push({ value, actual });
  }
  return out;
}

/**
 * Which builds need the TLS 1.2 registry values set before they can reach Entra ID. Microsoft
 * requires that enforcement only for 2.3.20.0-2.4.129.0; 2.4.131.0 and later negotiate TLS 1.2
 * themselves, and every build Microsoft accepts today (2.5.79.0 and later) is one of them. Older
 * tools (DirSync, AADSync, Connect before 2.3.20.0) ran on .NET defaults that still offered old
 * protocols, so the values are judged for them too. On the rest only a value that turns TLS 1.2
 * off in Windows (SCHANNEL Enabled = 0 or DisabledByDefault = 1) is a fault: it breaks every
 * client on the machine, the sync engine's included.
 */
export const TLS_ENFORCEMENT_BUILDS: DatedRequirement<{ from: string; through: string }> = {
  value: { from: '2.3.20.0', through: '2.4.129.0' },
  source: sourceLine(SOURCES.tlsEnforcement),
  sourceDate: '2025-04-01',
  checked: '2026-12-06',
};

export type TlsEnforcement = 'needed' | 'not-needed' | 'unknown';

/** Whether this tool and build need the TLS 1.2 registry values (unknown: no build to compare). */
export function tlsEnforcement(generation: SyncToolGeneration, version: string | null): TlsEnforcement {
  if (generation === 'none') return 'not-needed';
  if (generation !== 'entra-connect') return 'needed';
  const cmp = version === null ? null : compareVersions(version, TLS_ENFORCEMENT_BUILDS.value.through);
  if (cmp === null) return 'unknown';
  return cmp <= 0 ? 'needed' : 'not-needed';
}

/** SCHANNEL values set so that TLS 1.2 is off in Windows: a fault on any build. */
export function tls12Blockers(t: TlsSettings): Tls12Shortfall[] {
  return tls12Shortfalls(t).filter((s) => s.value.at.startsWith('schannel') && s.actual !== null);
}

/** The TLS 1.2 values that stop this build from reaching Entra ID (all shortfalls where the build needs the values). */
export function tls12ShortfallsFor(t: TlsSettings, need: TlsEnforcement): Tls12Shortfall[] {
  return need === 'not-needed' ? tls12Blockers(t) : tls12Shortfalls(t);
}

/** Microsoft's upgrade page; it names the current download place (the Entra admin center since 2025). */
export const CONNECT_DOWNLOAD_PAGE = 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-dirsync-upgrade-get-started';

export function dotNetVersionName(release: number | null): string {
  if (release === null) return 'none (no .NET Framework 4.5 or later)';
  const hit = DOTNET_RELEASE_NAMES.find(([min]) => release >= min);
  return hit ? `${hit[1]} (release ${release})` : `release ${release}`;
}

/** The build number of a Windows version string like 10.0.17763; null when it is not one. */
export function windowsBuild(version: string): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[3]) : null;
}

export function serverName(version: string, caption: string): string {
  const build = windowsBuild(version);
  return (build !== null && SERVER_BUILD_NAMES[build]) || caption;
}

/** Where a Windows Server build stands for Entra Connect: supported, too old, or not (yet) on Microsoft's list. */
export function serverSupport(build: number): 'supported' | 'too-old' | 'not-listed' {
  if (build < SERVER_RELEASES.value.minBuild) return 'too-old';
  return SERVER_RELEASES.value.supported[build] ? 'supported' : 'not-listed';
}
