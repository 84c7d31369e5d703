// The step ids of the KB 2882421 playbook, named once: checks route to them, triage and the
// CLI refer to them, and a test proves each exists in the playbook.
export const KB2882421_ID = 'kb2882421';

export const STEP = {
  toolInstalled: 'm1-s1-tool-installed',
  toolSupported: 'm1-s1-tool-supported',
  autoUpgrade: 'm1-auto-upgrade',
  servicesRunning: 'm1-s2-sync-service-running',
  scheduler: 'm1-s2-scheduler-enabled',
  cloudAccount: 'm1-s3-cloud-account',
  adConnectorAccount: 'm1-ad-connector-account',
  deletionThreshold: 'm1-s5-deletion-threshold',
  database: 'm1-sync-database',
  syncRuns: 'm1-s5-sync-runs',
  passwordHashSync: 'm1-password-hash-sync',
  appCertificate: 'm1-app-certificate',
  tls: 'm1-tls12',
  endpoint: 'm1-endpoint',
  adfsApart: 'm1-adfs-apart',
  logonKind: 'm2-s2-logon-kind',
  accountExists: 'm2-s3-account-exists',
  neverExpires: 'm2-s4-1-password-never-expires',
  enabled: 'm2-s4-2-account-enabled',
  password: 'm2-s5-password-current',
} as const;
