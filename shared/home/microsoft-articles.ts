// Microsoft's public pages the app sends the admin to read, by what they cover. The knowledge-base
// article "Fixing problems with directory synchronization for Office 365" names each of these
// topics; its links were short fwlink redirects and docs.microsoft.com addresses, so the current
// pages on learn.microsoft.com / support.microsoft.com are listed here instead (checked 2026-12-06).
// Every address must pass the main process's allow-list (electron/security/external-urls.ts).
export interface MicrosoftArticle {
  title: string;
  url: string;
}

export const MS_ARTICLES = {
  duplicateResiliency: {
    title: 'Identity synchronization and duplicate attribute resiliency',
    url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-syncservice-duplicate-attribute-resiliency',
  },
  connectivity: {
    title: 'Troubleshoot Microsoft Entra Connect connectivity issues',
    url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-connectivity',
  },
  syncStopped: {
    title: "Directory synchronization to Azure Active Directory stops or you're warned that sync hasn't registered in more than a day (KB 2882421)",
    url: 'https://support.microsoft.com/help/2882421',
  },
  passwordHashSync: {
    title: 'Implement password hash synchronization with Microsoft Entra Connect Sync',
    url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-password-hash-synchronization',
  },
  serviceLimits: {
    title: 'Microsoft Entra service limits and restrictions',
    url: 'https://learn.microsoft.com/entra/identity/users/directory-service-limits-restrictions',
  },
  attributesSynchronized: {
    title: 'Microsoft Entra Connect Sync: Attributes synchronized to Microsoft Entra ID',
    url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-sync-attributes-synchronized',
  },
  syncErrors: {
    title: 'Troubleshooting errors during synchronization',
    url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-sync-errors',
  },
  nonRoutableDomain: {
    title: 'Prepare a nonroutable domain for directory synchronization',
    url: 'https://learn.microsoft.com/microsoft-365/enterprise/prepare-a-non-routable-domain-for-directory-synchronization',
  },
  idFix: {
    title: 'Prepare directory attributes for synchronization with Microsoft 365 by using the IdFix tool',
    url: 'https://learn.microsoft.com/microsoft-365/enterprise/prepare-directory-attributes-for-synch-with-idfix',
  },
  dirSyncUpgrade: {
    title: 'Microsoft Entra Connect: Upgrade from DirSync',
    url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-dirsync-upgrade-get-started',
  },
} as const satisfies Record<string, MicrosoftArticle>;
