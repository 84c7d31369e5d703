// Which build this is. scripts/build-electron.mjs --release (the installer's build) defines
// __DSD_RELEASE_BUILD__ as true; development, tests, the CLI (tsx) and `npm start` leave it
// undefined. A release build ignores the DSD_* environment switches and keeps lab mode on the
// in-memory directory, so no variable set by another process can steer an installed app.
declare const __DSD_RELEASE_BUILD__: boolean | undefined;

export const RELEASE_BUILD: boolean = typeof __DSD_RELEASE_BUILD__ !== 'undefined' && __DSD_RELEASE_BUILD__ === true;
