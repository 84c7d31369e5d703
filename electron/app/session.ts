// The app session: picks the host (Windows or lab) and the directory, owns the audit log, the
// plan store and the redactor, and exposes the IPC handlers. The Electron main process, the test
// bridge and the CLI all create one of these, so they run the very same code.
import os from 'node:os';
import path from 'node:path';
import type { AppInfo, ScenarioSummary } from '../../shared/domain/app';
import type { DirectoryCredentials } from '../../shared/ipc/contract';
import { discoverDirectory, type DiscoveredDirectory } from '../directory/discovery';
import { processActor } from '../audit/actor';
import { AuditLog } from '../audit/audit-log';
import type { Handlers } from '../ipc/dispatch';
import { RequestError } from '../ipc/dispatch';
import { buildLabWorld } from '../lab/lab-world';
import { readScenarioDir, type Scenario } from '../lab/scenario';
import { loadFactsFile } from '../lab/facts-file';
import type { PortContext } from '../probes/context';
import type { DirectoryConnection, DirectoryPort } from '../ports/directory-port';
import type { HostPort } from '../ports/host-port';
import { Redactor } from '../secrets/redactor';
import { readCaFile, type CaCertificate } from '../security/ca-file';
import { RELEASE_BUILD } from './build-flavor';
import { buildAppInfo } from './app-info';
import { resolveAssetsDir } from './assets';
import { createHandlers } from './handlers';
import { createAppWorkbench } from '../readiness/app-workbench';
import { PlanStore } from './plan-store';
import type { ScreenshotPort } from './home-handlers';
import { UpgradeRecordStore } from '../records/upgrade-records';
import { ProgressStore } from './progress-store';
import { RevealVault } from './reveal-vault';
import { openLabDirectory, openDirectory, openWindowsHost } from './ports-factory';
import { InstallKey } from '../audit/install-key';

export interface AppSessionOptions {
  /** Where the audit log and app state live (Electron: app.getPath('userData')). */
  dataDir: string;
  /** auto: the Windows host on a Windows machine, the lab otherwise. */
  mode?: 'auto' | 'lab' | 'windows';
  /** Lab scenario loaded at start (default 'healthy-entra-connect'). */
  scenarioId?: string;
  /**
   * A scenario file from any path, loaded at start instead of scenarioId (a bad file throws a
   * ScenarioError naming the file and the field). It joins the list, replacing a shipped one of the same id.
   */
  labScenarioFile?: string;
  /** Lab directory: the in-memory one (default) or a real DC carrying the lab marker (the Samba lab DC). */
  labDirectory?: { kind: 'memory' } | { kind: 'ldap'; connection: DirectoryConnection };
  /** An explicit AD connection for the Windows host (otherwise discovered). */
  directory?: DirectoryConnection;
  appVersion: string;
  /**
   * Whether lab mode may seed a real directory (a DC with the lab marker) at sign-in. Default: not
   * in a release build (electron/app/build-flavor.ts), where the lab stays in memory.
   */
  allowRealLabDirectory?: boolean;
  /** Where the audit log lives instead of dataDir/audit (the per-machine folder of the Windows install). */
  auditDir?: string;
  /** Who acts, for the audit log (defaults to the OS user). */
  actor?: string;
  now?: () => Date;
  /** Simulated service transition time in the lab (ms). */
  labTransitionMs?: number;
  /** Simulated time of one connector run of a lab sync cycle (ms; default labTransitionMs). */
  labRunMs?: number;
  /** Domain controller discovery on a Windows server (replaceable in tests). */
  discover?: () => Promise<DiscoveredDirectory | null>;
  /**
   * The "pick a CA file" port: Electron's open dialog in the app (electron/glue), a test hook in
   * the bridge; resolves to the chosen path, or null when cancelled. Without it there is no picker.
   */
  pickCaFile?: () => Promise<string | null>;
  /**
   * The "open a facts file" port (a collected server or a support bundle): Electron's open dialog
   * in the app, a test hook in the bridge; the chosen path, or null when cancelled.
   */
  pickFactsFile?: () => Promise<string | null>;
  /** The Windows host (replaceable in tests: this machine has no PowerShell). */
  windowsHost?: HostPort;
  /**
   * Test hook (the e2e bridge): wraps each lab directory the session opens, e.g. in simulated
   * latency (electron/lab/directory-latency.ts). Refused in a release build.
   */
  wrapLabDirectory?: (directory: DirectoryPort) => DirectoryPort;
  /**
   * The system browser, for an address the allow-list passed: Electron's shell in the app, a
   * recorder in the bridge. Without it no link opens.
   */
  openExternal?: (href: string) => void;
  /** The window's capture, clipboard and save dialog (electron/glue/screenshot.ts; a test hook in the bridge). */
  screenshot?: ScreenshotPort;
}

export interface AppSession {
  readonly handlers: Handlers;
  readonly audit: AuditLog;
  readonly redactor: Redactor;
  /** Trust this CA file for the next sign-in (the CLI's --ca-file); read by the same bounded reader as the picker's. */
  useCaFile(file: string): Promise<CaCertificate>;
  /** The ports as they are now (a lab scenario load replaces them). */
  ports(): PortContext;
  /** Lab mode: the scenarios that loaded, by id and title. */
  scenarioIds(): { id: string; title: string }[];
  /** Lab mode: shipped scenario files left out because they did not validate (file and field named). */
  scenarioProblems(): readonly string[];
  /** The scenario the lab shows now (null on a real server). */
  currentScenario(): Scenario | null;
  close(): Promise<void>;
}

export const DEFAULT_SCENARIO = 'healthy-entra-connect';

export async function createAppSession(options: AppSessionOptions): Promise<AppSession> {
  const now = options.now ?? (() => new Date());
  const redactor = new Redactor();
  if (options.directory) redactor.add(options.directory.password);
  if (options.labDirectory?.kind === 'ldap') redactor.add(options.labDirectory.connection.password);
  const audit = new AuditLog(options.dataDir, redactor, now, options.auditDir);
  const plans = new PlanStore(undefined, now);
  const reveals = new RevealVault(undefined, now);
  const actor = options.actor ?? processActor();
  const allowRealLabDirectory = options.allowRealLabDirectory ?? !RELEASE_BUILD;
  if (options.wrapLabDirectory && RELEASE_BUILD) throw new Error('wrapLabDirectory is a test hook; a release build does not take it');
  const wrapLab = options.wrapLabDirectory ?? ((d: DirectoryPort) => d);
  let mode: AppInfo['mode'] = options.mode === 'windows' || (options.mode !== 'lab' && process.platform === 'win32') ? 'windows' : 'lab';

  let host: HostPort;
  let directory: DirectoryPort | null = null;
  let directoryProblem: string | null = null;
  let scenarios: Scenario[] = [];
  /** Shipped scenario files that did not validate (left out, each named with its bad field). */
  let scenarioProblems: string[] = [];
  let scenario: Scenario | null = null;
  let seeder: Awaited<ReturnType<typeof openLabDirectory>>['seeder'] | null = null;
  let labDirectory = options.labDirectory ?? { kind: 'memory' as const };
  let discovered: DiscoveredDirectory | null = null;

  const loadScenario = async (id: string) => {
    const next = scenarios.find((s) => s.id === id);
    if (!next) throw new RequestError('not-found', `No lab scenario "${id}".`);
    if (labDirectory.kind !== 'ldap') {
      await directory?.close();
      const lab = await openLabDirectory({ kind: 'memory' }, next.os.domain);
      directory = wrapLab(lab.directory);
      seeder = lab.seeder;
    }
    const seedAudit = labDirectory.kind === 'ldap' ? { audit, actor, directory: labDirectory.connection.url } : undefined;
    host = await buildLabWorld({
      scenario: next,
      directory: directory!,
      seeder: seeder!,
      audit: seedAudit,
      redactor,
      now,
      transitionMs: options.labTransitionMs,
      runMs: options.labRunMs,
    });
    scenario = next;
  };

  /** Switch the lab to a real directory: the current scenario's accounts are seeded there. */
  const useLabDirectory = async (connection: DirectoryConnection) => {
    if (!allowRealLabDirectory) {
      throw new RequestError('unavailable', 'In this build lab mode uses only its built-in simulated directory; it does not sign in to a real one.');
    }
    const lab = await openLabDirectory({ kind: 'ldap', connection }, null);
    await directory?.close();
    directory = wrapLab(lab.directory);
    seeder = lab.seeder;
    labDirectory = { kind: 'ldap', connection };
  };

  // The CA chosen for the sign-in: read once, held here; the renderer sees only its name.
  let caCertificate: CaCertificate | null = null;
  const useCaFile = async (file: string) => {
    caCertificate = await readCaFile(file);
    return caCertificate;
  };
  const chooseCaFile = async (clear: boolean) => {
    if (clear) caCertificate = null;
    else {
      if (!options.pickCaFile) throw new RequestError('unavailable', 'There is no file picker here.');
      const picked = await options.pickCaFile();
      if (picked !== null) await useCaFile(picked);
    }
    return { caFile: caCertificate && { displayName: caCertificate.displayName } };
  };

  const connectDirectory = async (credentials: DirectoryCredentials) => {
    redactor.add(credentials.password);
    const url = credentials.url ?? discovered?.url;
    if (!url) {
      throw new RequestError('unavailable', 'No domain controller was found automatically. Enter its address, e.g. ldaps://dc01.contoso.com:636.');
    }
    const connection: DirectoryConnection = { ...credentials, url, ...(caCertificate ? { caPem: caCertificate.pem } : {}) };
    if (mode === 'lab') {
      await useLabDirectory(connection);
      if (scenario) await loadScenario(scenario.id);
      return;
    }
    const next = await openDirectory(connection);
    await directory?.close();
    directory = next;
    directoryProblem = null;
  };

  if (mode === 'lab') {
    ({ scenarios, problems: scenarioProblems } = await readScenarioDir(path.join(resolveAssetsDir(), 'scenarios')));
    const fromFile = options.labScenarioFile ? await loadFactsFile(options.labScenarioFile, options.labScenarioFile) : null;
    if (fromFile) scenarios = [...scenarios.filter((s) => s.id !== fromFile.id), fromFile];
    if (labDirectory.kind === 'ldap') await useLabDirectory(labDirectory.connection);
    await loadScenario(fromFile?.id ?? options.scenarioId ?? DEFAULT_SCENARIO);
  } else {
    host = options.windowsHost ?? openWindowsHost();
    discovered = await (options.discover ?? (() => discoverDirectory()))().catch(() => null);
    try {
      directory = await openDirectory(options.directory);
    } catch (e) {
      directoryProblem = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * Show a server from a facts file: the collector's output or a support bundle. The session
   * becomes a lab on that server (a supported machine diagnosing one the app cannot run on);
   * loading the next collection of the same server keeps its checklist (same id).
   */
  const openFactsFile = async (file: string) => {
    const facts = await loadFactsFile(file).catch((e: unknown) => {
      throw new RequestError('invalid-request', e instanceof Error ? e.message : String(e));
    });
    if (mode !== 'lab') {
      ({ scenarios, problems: scenarioProblems } = await readScenarioDir(path.join(resolveAssetsDir(), 'scenarios')));
      await directory?.close();
      directory = null;
      mode = 'lab';
    }
    scenarios = [...scenarios.filter((s) => s.id !== facts.id), facts];
    await loadScenario(facts.id);
  };
  const pickFactsFile = async (): Promise<boolean> => {
    if (!options.pickFactsFile) throw new RequestError('unavailable', 'There is no file picker here.');
    const picked = await options.pickFactsFile();
    if (picked === null) return false;
    await openFactsFile(picked);
    return true;
  };

  // Upgrade checklists and playbook progress are kept per server: the computer, or in the lab the scenario it simulates.
  const serverKey = () => (mode === 'lab' ? `lab:${scenario?.id ?? 'none'}` : os.hostname().toUpperCase());
  const records = new UpgradeRecordStore(options.dataDir, serverKey, actor, now);
  // Sealed with the install key beside the audit log (administrators only in the per-machine install).
  const progress = new ProgressStore(options.dataDir, serverKey, InstallKey.besideAudit(path.dirname(audit.file)));
  const ports = (): PortContext => ({ host, directory, now, records });
  const workbench = createAppWorkbench({ dataDir: options.dataDir, audit, actor, ports });
  const handlers = createHandlers({
    ports,
    workbench,
    plans,
    audit,
    redactor,
    reveals,
    progress,
    actor,
    appInfo: () =>
      buildAppInfo(ports(), {
        version: options.appVersion,
        mode,
        scenario: scenario && { id: scenario.id, title: scenario.title },
        collected: scenario?.collected
          ? {
              kind: scenario.collected.kind,
              at: scenario.collected.at,
              by: scenario.collected.by,
              computerName: scenario.os.computerName,
              notes: scenario.collected.notes,
            }
          : null,
        directoryProblem,
        discovered: discovered && { domain: discovered.domain, dcHostName: discovered.dcHostName },
      }),
    listScenarios: async (): Promise<ScenarioSummary[]> => scenarios.map(({ id, title, description }) => ({ id, title, description })),
    loadScenario: async (id) => {
      if (mode !== 'lab') throw new RequestError('unavailable', 'Scenarios exist only in lab mode.');
      await loadScenario(id);
    },
    connectDirectory,
    chooseCaFile,
    openExternal: options.openExternal ?? null,
    screenshot: options.screenshot ?? null,
    pickFactsFile,
    currentScenario: () => scenario,
  });

  return {
    handlers,
    audit,
    redactor,
    useCaFile,
    ports,
    scenarioIds: () => scenarios.map(({ id, title }) => ({ id, title })),
    scenarioProblems: () => scenarioProblems,
    currentScenario: () => scenario,
    close: async () => {
      plans.clear();
      reveals.clear();
      workbench.close();
      await directory?.close();
    },
  };
}
