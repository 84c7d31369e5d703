// Which Windows the app itself runs on, and why: dated data with its sources. The sync tools it
// diagnoses often live on older servers; those are read with the legacy collector instead.

export interface AppPlatforms {
  /** In words, for the app and the installer's notes. */
  runsOn: string;
  /** Where the app cannot start, in words. */
  notOn: string;
  sources: readonly { title: string; url: string }[];
  checked: string;
}

export const APP_PLATFORMS: AppPlatforms = {
  runsOn: '64-bit Windows 10 or 11, and Windows Server 2016, 2019, 2022 or 2025',
  notOn: 'Windows Server 2012 R2 and older (and Windows 8.1 and older): the app does not start there',
  sources: [
    // Electron 23 and later (this app uses Electron 45) support Windows 10 and later only.
    { title: 'Electron: Supported Platforms', url: 'https://www.electronjs.org/docs/latest/tutorial/support#supported-platforms' },
    // Node.js 22, which Electron 45 embeds, lists Windows 10 / Server 2016 as its minimum.
    { title: 'Node.js: Supported platforms (BUILDING.md)', url: 'https://github.com/nodejs/node/blob/v22.x/BUILDING.md#platform-list' },
  ],
  checked: '2026-12-06',
};
