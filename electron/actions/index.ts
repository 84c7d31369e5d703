// The action registry: what each fix's actionId does, with its arguments validated again here
// (a plan's args come from our own probe, but the executor trusts nothing it did not check).
import type { z } from 'zod';
import type { ActionId } from '../../shared/playbooks/action-ids';
import type { PortContext } from '../probes/context';
import type { ActionResult, ActionSecret, ActionWait } from './types';
import { AccountRefArgs, EnableArgs, ResetArgs, RestoreArgs, enableAccount, resetPassword, restoreAccount, setNeverExpires, unlockAccount } from './account';
import {
  NoArgs,
  RestoreLogonArgs,
  RunCycleArgs,
  enableScheduler,
  FullPasswordSyncArgs,
  startFullPasswordSync,
  enableTls12,
  openConfigurationWizard,
  restoreOriginalLogon,
  runSyncCycle,
} from './method1';
import { ServicesStartArgs, startServices } from './service-start';
import {
  attest,
  AttestArgs,
  choosePath,
  ChoosePathArgs,
  MoveAccountArgs,
  moveSyncAccount,
  restoreSyncAccount,
  SnapshotArgs,
  StopServiceArgs,
  stopToolService,
  takeSnapshot,
  UninstallArgs,
  uninstallTool,
  waitForRun,
  WaitArgs,
} from './upgrade';

export type { ActionResult, ActionSecret, ActionWait } from './types';

interface ActionDef<S extends z.ZodType> {
  args: S;
  /** What the audit log names as the target. */
  target(args: z.infer<S>): string;
  run(ctx: PortContext, args: z.infer<S>, signal: AbortSignal | undefined, secret: ActionSecret | null, wait?: ActionWait): Promise<ActionResult>;
}

function action<S extends z.ZodType>(def: ActionDef<S>): ActionDef<z.ZodType> {
  return def as unknown as ActionDef<z.ZodType>;
}

const accountName = (a: z.infer<typeof AccountRefArgs>) => (a.kind === 'domain' ? `account ${a.dn}` : `local account ${a.name}`);

/** Keyed by exactly the ActionId union: an id missing here, or one no plan can name, fails the typecheck. */
export const ACTIONS: { readonly [A in ActionId]: ActionDef<z.ZodType> } = {
  'services.start': action({ args: ServicesStartArgs, target: (a) => `services ${a.services.join(', ')}`, run: startServices }),
  'scheduler.enable': action({ args: NoArgs, target: () => 'sync scheduler', run: enableScheduler }),
  'password-sync.full': action({ args: FullPasswordSyncArgs, target: (a) => `password hash sync of ${a.adConnectors.join(', ')}`, run: startFullPasswordSync }),
  'sync.run-cycle': action({
    args: RunCycleArgs,
    target: (a) => `${a.kind} sync cycle`,
    run: (ctx, a, signal, _secret, wait) => runSyncCycle(ctx, a, signal, wait),
  }),
  'connect.open-wizard': action({ args: NoArgs, target: () => 'Entra Connect configuration wizard', run: openConfigurationWizard }),
  'tls.enable': action({ args: NoArgs, target: () => 'TLS 1.2 registry values', run: enableTls12 }),
  'logon.restore-original': action({ args: RestoreLogonArgs, target: (a) => `logon of ${a.services.join(', ')}`, run: restoreOriginalLogon }),
  'account.restore': action({ args: RestoreArgs, target: (a) => `deleted object ${a.deletedDn}`, run: restoreAccount }),
  'account.set-never-expires': action({ args: AccountRefArgs, target: accountName, run: setNeverExpires }),
  'account.enable': action({ args: EnableArgs, target: (a) => accountName(a), run: enableAccount }),
  'account.unlock': action({ args: EnableArgs, target: (a) => `${accountName(a)} lockout`, run: unlockAccount }),
  'account.reset-password': action({ args: ResetArgs, target: (a) => `${accountName(a)} password and services ${a.services.join(', ')}`, run: resetPassword }),
  'upgrade.choose-path': action({ args: ChoosePathArgs, target: (a) => `upgrade path: ${a.path}`, run: choosePath }),
  'upgrade.attest': action({ args: AttestArgs, target: (a) => `upgrade checklist: ${a.key}`, run: attest }),
  'upgrade.wait-for-run': action({
    args: WaitArgs,
    target: () => 'sync engine: run in progress',
    run: (ctx, a, signal, _secret, wait) => waitForRun(ctx, a, wait ? AbortSignal.any([wait.cancelled, ...(signal ? [signal] : [])]) : signal),
  }),
  'upgrade.uninstall-tool': action({ args: UninstallArgs, target: (a) => `program ${a.displayName} (${a.registryView}-bit view)`, run: uninstallTool }),
  'upgrade.stop-tool-service': action({ args: StopServiceArgs, target: (a) => `service ${a.service}`, run: stopToolService }),
  'upgrade.move-sync-account': action({ args: MoveAccountArgs, target: (a) => a.dn, run: moveSyncAccount }),
  'upgrade.restore-sync-account': action({ args: MoveAccountArgs, target: (a) => a.dn, run: restoreSyncAccount }),
  'upgrade.take-snapshot': action({ args: SnapshotArgs, target: () => 'deletion-gap snapshot', run: takeSnapshot }),
};
