// Which paths the app refuses to open before any I/O: another machine's (UNC: on Windows, opening
// one sends the admin's credentials to that host) and devices. Shared by every file reader.
import path from 'node:path';

/** UNC (\\host\share, //host/share), Win32 device and namespace paths (\\.\, \\?\), and /dev, /proc, /sys. */
export function isRemoteOrDevicePath(p: string): boolean {
  const s = p.trim();
  if (s.includes('\0')) return true;
  if (/^[\\/]{2}/.test(s)) return true; // \\host\share, //host/x, \\.\PhysicalDrive0, \\?\C:\
  if (/^(\/dev|\/proc|\/sys)(\/|$)/.test(path.posix.normalize(s))) return true;
  // Windows reserved device names in any folder (C:\x\CON.pem opens the console).
  if (/(^|[\\/])(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\.[^\\/]*)?$/i.test(s)) return true;
  return false;
}
