// What the replacement for DirSync needs, as dated data: these move with Microsoft's support
// policy, so they live here with their source, not in the checks.
// Checked 2026-11 against ../shared/NOTES-windows.md (sections 8 and 9) and Microsoft's
// "Upgrade from DirSync" and "Prerequisites for Microsoft Entra Connect" pages.

/** MS-DirSyncUpg: an in-place upgrade is for a DirSync server syncing fewer than this many objects. */
export const IN_PLACE_OBJECT_LIMIT = 50_000;

/**
 * Entra Connect Sync 2.x installs on Windows Server 2016 or later (64-bit, Standard or
 * Datacenter). Windows reports the release as its build number. Source: Microsoft Entra Connect
 * prerequisites page (OS section); builds: Microsoft's Windows Server release information.
 */
export const MIN_SERVER_BUILD = 14393;
export const SERVER_BUILD_NAMES: Readonly<Record<number, string>> = {
  14393: 'Windows Server 2016',
  17763: 'Windows Server 2019',
  20348: 'Windows Server 2022',
  26100: 'Windows Server 2025',
};

/** .NET Framework 4.7.2 or later (release 461808): MS-Harden, MS-VerHist (NOTES-windows §8). */
export const MIN_DOTNET_RELEASE = 461808;
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
