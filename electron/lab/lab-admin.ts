// The lab plays the admin: when the admin says a manual step is done, the simulated server
// changes the way the admin's work changes a real one (a right granted by policy, a proxy opened,
// the wizard closed, Connect installed...), so every playbook can be practised to its end. Only
// the facts that work would change move; the re-check then judges them like any other. A real
// server has no such thing: there the attestation is only recorded (electron/app/handlers.ts).
import { syncToolProfile } from '../../shared/domain/sync-tools';
import { readAutoUpgradeReason } from '../../shared/domain/auto-upgrade';
import { compareVersions, LATEST_CONNECT_BUILD } from '../../shared/domain/version-floors';
import type { LabAdminAction } from '../../shared/playbooks/next-actions';
import { HostError } from '../ports/errors';
import type { OperationOptions } from '../ports/host-port';
import type { LabContext } from './lab-context';
import type { LabNetwork } from './lab-network';
import type { LabPrograms } from './lab-programs';
import type { LabServices } from './lab-services';
import type { LabSyncEngine } from './lab-sync-engine';
import type { LabService, LabTool } from './scenario';

export interface LabAdminParts {
  ctx: LabContext;
  services: LabServices;
  programs: LabPrograms;
  network: LabNetwork;
  engine: LabSyncEngine;
  /** Creates the AD connector's account in the lab directory (absent: the install leaves the connector as the scenario has it). */
  createConnectorAccount?: (sAMAccountName: string) => Promise<void>;
}

/** Entra Connect as its current installer leaves it: the latest build, 64-bit, its service as a virtual account. */
const CONNECT_TOOL: LabTool = {
  generation: 'entra-connect',
  displayName: 'Microsoft Entra Connect Sync',
  version: LATEST_CONNECT_BUILD,
  publisher: 'Microsoft Corporation',
  productCode: '{6E3A46C8-9BEE-4E0F-9D4A-2F4B3C1D7E21}',
  bitness: '64',
  uninstallExitCode: 0,
};
const CONNECT_SERVICE: LabService = {
  name: 'ADSync',
  displayName: 'Microsoft Azure AD Sync',
  state: 'running',
  startType: 'automatic',
  logon: { kind: 'builtin', account: 'NT SERVICE\\ADSync' },
};

/** Carry out the admin's action on the lab server; returns what changed, in words (for the outcome and the audit). */
export async function playAdmin(parts: LabAdminParts, action: LabAdminAction, opts: OperationOptions = {}): Promise<string[]> {
  const { ctx, services, programs, network, engine } = parts;
  const done: string[] = [];
  /** Start the stopped services again, as the admin does after the change; a start that still fails is reported, not thrown. */
  const startStopped = async () => {
    for (const name of services.stopped()) {
      try {
        await services.start(name, opts);
        done.push(`Service ${name} started.`);
      } catch (e) {
        if (!(e instanceof HostError)) throw e;
        done.push(`Service ${name} did not start: ${e.message}`);
      }
    }
  };
  /** The sync the wizard or installer starts when it finishes (or the admin runs by hand), if the server can run one. */
  const runCycle = async () => {
    if (programs.generation() === 'none' || !programs.engineRunning()) return;
    try {
      const outcome = await engine.runSyncCycle(engine.nextCycleKind(), opts);
      done.push(
        `A ${outcome.kind} sync cycle ran: ${
          outcome.succeeded
            ? 'every run succeeded'
            : outcome.runs
                .filter((r) => r.result !== 'success')
                .map((r) => `${r.connector} ${r.profile}: ${r.result}`)
                .join('; ')
        }.`,
      );
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      done.push(`No sync cycle could run: ${e.message}`);
    }
  };
  const install = async (what: string) => {
    const before = ctx.scenario.tool;
    programs.installTool({ ...CONNECT_TOOL, productCode: before?.generation === 'entra-connect' ? before.productCode : CONNECT_TOOL.productCode });
    if (before?.generation !== 'entra-connect') {
      // Connect's installer removes DirSync (or AADSync) and its services, and puts its own in.
      if (before) services.remove(syncToolProfile(before.generation)?.services.map((s) => s.name) ?? []);
      services.install([CONNECT_SERVICE]);
    }
    // A fresh install signs in to Entra ID as an application (the installer registers it); an upgrade keeps the sign-in.
    if (before?.generation !== 'entra-connect') {
      engine.adminRenewCloudSignIn('application');
      // DirSync's own database goes with DirSync: Connect's AD connector carries the migrated account.
      delete ctx.scenario.connectors.ad.loginUnreadable;
      // The express settings turn the scheduler on; a fresh install without an AD connector account creates MSOL_<hex> in CN=Users.
      engine.adminSetSchedulerEnabled(true);
      const ad = ctx.scenario.connectors.ad;
      const hasMsol = ctx.scenario.accounts.some((a) => /^MSOL_/i.test(a.sAMAccountName) && a.state !== 'deleted');
      if (!ad.loginUser && !hasMsol && parts.createConnectorAccount) {
        const sam = 'MSOL_0a1b2c3d4e5f';
        await parts.createConnectorAccount(sam);
        ad.loginUser = sam;
        done.push(`The AD connector account ${sam} was created in CN=Users.`);
      }
    }
    done.push(
      `${what}: Microsoft Entra Connect Sync ${CONNECT_TOOL.version} is installed${before && before.generation !== 'entra-connect' ? ` and ${before.displayName} was removed` : ''}.`,
    );
    await startStopped();
    await runCycle();
  };

  switch (action) {
    case 'grant-logon-right': {
      const names = services.clearStartFailure('logon-right-missing');
      done.push(names.length ? `"Log on as a service" granted to the logon account of ${names.join(', ')} (policy applied).` : 'No service lacked the right.');
      await startStopped();
      break;
    }
    case 'abandon-encryption-key': {
      // miiskmu /a abandons the lost key; the credentials are entered again. A key lost because the
      // logon account was changed does not come back this way: start still fails until it is put back.
      const names = services.clearStartFailure('encryption-key-unreadable');
      done.push(
        names.length
          ? `The unreadable encryption key of ${names.join(', ')} was abandoned and the connector credentials entered again.`
          : 'No service had a lost key of its own.',
      );
      await startStopped();
      break;
    }
    case 'purge-run-history':
      ctx.scenario.sync.databaseFull = false;
      done.push('Run history purged: the sync database has room again.');
      // A full LocalDB had stopped the engine: the admin starts it again before the sync.
      await startStopped();
      await runCycle();
      break;
    case 'turn-staging-mode-off':
      engine.adminLeaveStagingMode();
      done.push('Staging mode turned off in the configuration wizard.');
      await runCycle();
      break;
    case 'close-configuration-wizard':
      engine.adminResumeScheduler();
      ctx.events.write(
        'Application',
        'Directory Synchronization',
        904,
        'information',
        'Scheduler: the configuration wizard was closed; the scheduler resumes.',
      );
      done.push('The configuration wizard was closed: the scheduler is no longer suspended.');
      break;
    case 'open-proxy-to-entra':
      network.adminOpenProxy();
      done.push('The proxy lets this server through to Entra ID (machine.config proxy set, ADSync restarted).');
      break;
    case 'release-deletions':
      engine.adminSetDeletionThreshold(false);
      done.push('Deletion threshold turned off (Disable-ADSyncExportDeletionThreshold).');
      await runCycle();
      engine.adminSetDeletionThreshold(true);
      done.push('Deletion threshold turned on again (Enable-ADSyncExportDeletionThreshold).');
      break;
    case 'upgrade-connect':
      if (ctx.scenario.tool?.generation !== 'entra-connect') {
        done.push('Nothing to upgrade in place: this server runs no Entra Connect build.');
        break;
      }
      await install('Upgraded in place');
      break;
    case 'settle-auto-upgrade': {
      // What the next action asks: take the reason away where it can be, upgrade by hand, then
      // Enabled again; a reason that is the server's chosen set-up stays, so the admin records Disabled.
      const au = ctx.scenario.autoUpgrade;
      if (au.state !== 'suspended') {
        done.push(`Automatic upgrade was not suspended (${au.state}): nothing to do.`);
        break;
      }
      const reading = au.reason ? readAutoUpgradeReason(au.reason) : null;
      if (reading?.change) done.push(`What suspended automatic upgrade was taken away: ${reading.change}`);
      const tool = ctx.scenario.tool;
      if (tool?.generation === 'entra-connect' && (compareVersions(tool.version ?? '0.0.0.0', LATEST_CONNECT_BUILD) ?? -1) < 0) {
        await install('Upgraded by hand with the current installer');
      }
      const clears = !!reading && (!!reading.change || (!!reading.known && reading.kind === 'aborted'));
      ctx.scenario.autoUpgrade = { state: clears ? 'enabled' : 'disabled' };
      done.push(
        clears
          ? 'Automatic upgrade set back on (Set-ADSyncAutoUpgrade -AutoUpgradeState Enabled).'
          : 'The reason is how this server is set up: automatic upgrade set to Disabled (Set-ADSyncAutoUpgrade -AutoUpgradeState Disabled); new builds are installed by hand.',
      );
      break;
    }
    case 'install-connect':
      await install('Installed');
      break;
    case 'reset-cloud-password':
      engine.adminRenewCloudSignIn('password');
      done.push("The cloud account's password was reset in Entra ID and entered in the configuration wizard.");
      await runCycle();
      break;
    case 'remove-adfs':
      ctx.scenario.adfsInstalled = false;
      done.push('AD FS was removed from this server.');
      break;
    case 'install-dotnet':
      ctx.scenario.dotNetRelease = 528040;
      done.push('.NET Framework 4.8 installed (release 528040) and the server restarted.');
      break;
    case 'renew-app-certificate':
      // The certificate step done by hand: an expired certificate is rotated in the wizard (closing
      // it resumes the scheduler); otherwise the suspended scheduler is resumed. Then the next cycle
      // runs, which renews a certificate that is due (lab-physics.ts CERTIFICATE_ROTATION).
      if (engine.certificateStage() === 'expired') {
        engine.adminRotateCertificate();
        engine.adminResumeScheduler();
        done.push('The configuration wizard\'s "Rotate application certificate" made a new certificate and registered it with the application.');
      } else if ((await engine.scheduler()).schedulerSuspended) {
        engine.adminResumeScheduler();
        done.push('The configuration wizard was closed: the scheduler is no longer suspended.');
      }
      await runCycle();
      break;
    case 'enable-tls12': {
      const r = await network.enableTls12(opts);
      done.push(r.changed.length ? `TLS 1.2 values set: ${r.changed.join(', ')}; the server restarted.` : 'The TLS 1.2 values were already set.');
      break;
    }
  }
  return done;
}
