// The names of the actions a fix plan can ask the main process to run. The executors live in
// electron/actions/index.ts, whose registry is keyed by exactly this union: an action added
// there and not here, or named by a plan and executed nowhere, fails the typecheck.
export const ACTION_IDS = [
  'services.start',
  'scheduler.enable',
  'sync.run-cycle',
  'connect.open-wizard',
  'tls.enable',
  'logon.restore-original',
  'account.restore',
  'account.set-never-expires',
  'account.enable',
  'account.unlock',
  'account.reset-password',
  'upgrade.choose-path',
  'upgrade.attest',
  'upgrade.wait-for-run',
  'upgrade.uninstall-tool',
  'upgrade.stop-tool-service',
  'upgrade.move-sync-account',
  'upgrade.restore-sync-account',
  'upgrade.take-snapshot',
  'password-sync.full',
] as const;

export type ActionId = (typeof ACTION_IDS)[number];
