// The legacy collector's channels: its script to save, a collected file (or a support bundle) to
// open, and, on a collected server, the commands a step needs run on that server instead of a fix.
import fs from 'node:fs/promises';
import path from 'node:path';
import { COLLECTOR_SCRIPT, OLD_SERVER_FIXES, oldServerSteps, type OldServerAction, type OldServerSteps } from '../../shared/collector/old-server';
import type { PlaybookStep } from '../../shared/playbooks/types';
import type { UpgradeProbe } from '../../shared/playbooks/upgrade/facts';
import { FIXES } from '../../shared/playbooks/fixes';
import type { ActionId } from '../../shared/playbooks/action-ids';
import { RequestError, type Handlers } from '../ipc/dispatch';
import type { PortContext } from '../probes/context';
import { runProbe } from '../probes/index';
import type { Scenario } from '../lab/scenario';
import { checkStep } from '../triage/check-step';
import { resolveAssetsDir } from './assets';
import type { AppInfo } from '../../shared/domain/app';
import type { AuditLog } from '../audit/audit-log';
import type { Redactor } from '../secrets/redactor';
import { runDiagnosis } from '../triage/diagnosis';
import { BUNDLE_CAPS, buildSupportBundle } from './support-bundle';

/** What a fix may still do on a collected server: record the admin's choices and attestations, snapshot the lab directory. */
export const COLLECTED_SERVER_ACTIONS: ReadonlySet<ActionId> = new Set<ActionId>(['upgrade.choose-path', 'upgrade.attest', 'upgrade.take-snapshot']);

export interface CollectorDeps {
  ports(): PortContext;
  appInfo(): Promise<AppInfo>;
  currentScenario(): Scenario | null;
  /** Open the picker and show the chosen facts file; false when cancelled. */
  pickFactsFile(): Promise<boolean>;
  findStep(playbookId: string, stepId: string): PlaybookStep;
  audit: AuditLog;
  redactor: Redactor;
}

export async function readCollectorScript(): Promise<string> {
  return fs.readFile(path.join(resolveAssetsDir(), 'collector', COLLECTOR_SCRIPT), 'utf8');
}

/** The refusal of a fix that would change a server the app only has a collected file of. */
export function refuseOnCollectedServer(scenario: Scenario | null, actionId: ActionId): void {
  if (scenario?.collected?.kind !== 'collector' || COLLECTED_SERVER_ACTIONS.has(actionId)) return;
  throw new RequestError(
    'unavailable',
    `These are facts collected from ${scenario.os.computerName}; the app cannot change that server from here. Do this on ${scenario.os.computerName} itself, then run the collector again and open the new file.`,
  );
}

export function createCollectorHandlers(
  deps: CollectorDeps,
): Pick<Handlers, 'collector:script' | 'collector:open' | 'collector:old-server-steps' | 'bundle:make'> {
  // This case: the audit lines written since the app started.
  const caseStarted = new Date().toISOString();
  return {
    'bundle:make': async ({ pseudonymise, preview }, signal) => {
      const facts = deps.currentScenario();
      if (!facts)
        throw new RequestError('unavailable', 'A support bundle of a live Windows server is not built yet; it is made in lab mode and for collected files.');
      const info = await deps.appInfo();
      const findings = await runDiagnosis(deps.ports(), signal);
      const audit = deps.audit.read(5000).filter((l) => String((l as unknown as { at: string }).at) >= caseStarted);
      const bundle = buildSupportBundle({
        info,
        findings,
        facts,
        audit,
        redactor: deps.redactor,
        appVersion: info.version,
        now: deps.ports().now(),
        pseudonymise,
      });
      return {
        caseId: bundle.manifest.caseId,
        sections: bundle.sections,
        fileName: `dirsync-doctor-${bundle.manifest.caseId}.zip`,
        zipBase64: preview ? null : Buffer.from(bundle.bytes).toString('base64'),
        bytes: bundle.bytes.length,
        caps: `Each file at most ${BUNDLE_CAPS.fileBytes / 1024 / 1024} MiB before compression, at most ${BUNDLE_CAPS.auditLines} audit lines and ${BUNDLE_CAPS.events} events.`,
      };
    },
    'collector:script': async () => ({ fileName: COLLECTOR_SCRIPT, text: await readCollectorScript() }),
    'collector:open': async () => {
      const opened = await deps.pickFactsFile();
      return { opened, info: await deps.appInfo() };
    },
    'collector:old-server-steps': async ({ playbookId, stepId }, signal): Promise<OldServerSteps | null> => {
      const scenario = deps.currentScenario();
      const step = deps.findStep(playbookId, stepId);
      if (scenario?.collected?.kind !== 'collector' || !step.fix || !OLD_SERVER_FIXES.has(step.fix)) return null;
      const ctx = deps.ports();
      const verdict = await checkStep(ctx, step, signal);
      if (verdict.status !== 'fail' && verdict.status !== 'warn') return null;
      const fix = FIXES[step.fix];
      const probe = (await runProbe(fix.probe, ctx, signal)) as UpgradeProbe;
      const draft = fix.plan(probe as never);
      if (!draft) return null;
      const server = scenario.os.computerName;
      let action: OldServerAction;
      if (draft.actionId === 'upgrade.stop-tool-service') action = { actionId: draft.actionId, service: String(draft.args.service) };
      else if (draft.actionId === 'upgrade.wait-for-run') action = { actionId: draft.actionId };
      else
        action = {
          actionId: 'upgrade.uninstall-tool',
          displayName: String(draft.args.displayName),
          productCode: String(draft.args.productCode ?? ''),
          uninstallString: probe.tool.uninstallString ?? null,
        };
      return oldServerSteps(action, server, stepId);
    },
  };
}
