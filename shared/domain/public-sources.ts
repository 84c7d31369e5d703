// The public pages the app's dated facts come from, named once: every source an admin sees
// ("Where it came from", a cited article) is one of these, by its title and address, so it can be
// opened and checked. Internal notes and kit files are never shown (tests/citations scans for them).

export interface PublicSource {
  title: string;
  url: string;
}

const LEARN = 'https://learn.microsoft.com/entra/identity/hybrid/connect/';

export const SOURCES = {
  versionHistory: { title: 'Microsoft Entra Connect: Version release history', url: `${LEARN}reference-connect-version-history` },
  prerequisites: { title: 'Prerequisites for Microsoft Entra Connect', url: `${LEARN}how-to-connect-install-prerequisites` },
  appAuth: {
    title: 'Authenticate to Microsoft Entra ID by using an application identity (Microsoft Entra Connect)',
    url: `${LEARN}authenticate-application-id`,
  },
  tlsEnforcement: { title: 'TLS 1.2 enforcement for Microsoft Entra Connect', url: `${LEARN}reference-connect-tls-enforcement` },
  serviceAccountPassword: { title: 'Changing the ADSync service account password', url: `${LEARN}how-to-connect-sync-change-serviceacct-pass` },
  serviceAccount: { title: 'The ADSync service account', url: `${LEARN}concept-adsync-service-account` },
  accounts: { title: 'Microsoft Entra Connect: Accounts and permissions', url: `${LEARN}reference-connect-accounts-permissions` },
  dirsyncUpgrade: { title: 'Microsoft Entra Connect: Upgrade from DirSync', url: `${LEARN}how-to-dirsync-upgrade-get-started` },
  scheduler: { title: 'Microsoft Entra Connect Sync: Scheduler', url: `${LEARN}how-to-connect-sync-feature-scheduler` },
  connectivity: { title: 'Troubleshoot Microsoft Entra Connect connectivity issues', url: `${LEARN}tshoot-connect-connectivity` },
  passwordHashSync: {
    title: 'Troubleshoot password hash synchronization with Microsoft Entra Connect Sync',
    url: `${LEARN}tshoot-connect-password-hash-synchronization`,
  },
  localDb: { title: 'Microsoft Entra Connect: How to recover from LocalDB 10-GB limit', url: `${LEARN}tshoot-connect-recover-from-localdb-10gb-limit` },
  autoUpgrade: { title: 'Microsoft Entra Connect: Automatic upgrade', url: `${LEARN}how-to-connect-install-automatic-upgrade` },
  adsyncReference: { title: 'Microsoft Entra Connect: ADSync PowerShell reference', url: `${LEARN}reference-connect-adsync` },
  serviceStart: {
    title: 'Microsoft Entra Connect sync service does not start (troubleshooting)',
    url: 'https://learn.microsoft.com/troubleshoot/entra/entra-id/user-prov-sync/services-sync-not-start',
  },
  hardenAdfs: { title: 'Harden and update AD FS and PingFederate (Microsoft Entra Connect)', url: `${LEARN}harden-update-ad-fs-pingfederate` },
  dirsyncAccounts: { title: 'DirSync accounts (TechNet Wiki 24619)', url: 'https://learn.microsoft.com/archive/technet-wiki/24619.dirsync-accounts' },
  whatsNew: { title: "What's new in Microsoft Entra ID", url: 'https://learn.microsoft.com/entra/fundamentals/whats-new' },
} as const satisfies Record<string, PublicSource>;

/** "Title (address)", as a source is shown beside a fact. */
export function sourceLine(...sources: PublicSource[]): string {
  return sources.map((s) => `${s.title} (${s.url})`).join('; ');
}
