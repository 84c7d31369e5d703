// The app session: picks the host (Windows or lab) and the directory, owns the audit log, the
// plan store and the redactor, and exposes the IPC handlers. The Electron main process, the test
// bridge and the CLI all create one of these, so they run the very same code.
import os from 'node:os';
import path from 'node:path';
import type { AppInfo, ScenarioSummary } from '../../shared/domain/app';
import { AuditLog } from '../audit/audit-log';
import type { Handlers } from '../ipc/dispatch';
import { RequestError } from '../ipc/dispatch';
import { buildLabWorld } from '../lab/lab-world';
import { loadScenarioDir, type Scenario } from '../lab/scenario';
import type { PortContext } from '../probes/context';
import type { DirectoryConnection, DirectoryPort } from '../ports/directory-port';
import type { HostPort } from '../ports/host-port';
import { Redactor } from '../secrets/redactor';
import { buildAppInfo } from './app-info';
import { resolveAssetsDir } from './assets';
import { createHandlers } from './handlers';
import { PlanStore } from './plan-store';
import { openLabDirectory, openDirectory, openWindowsHost } from './ports-factory';

export interface AppSessionOptions {
  /** Where the audit log and app state live (Electron: app.getPath('userData')). */
  dataDir: string;
  /** auto: the Windows host on a Windows machine, the lab otherwise. */
  mode?: 'auto' | 'lab' | 'windows';
  /** Lab scenario loaded at start (default 'healthy-entra-connect'). */
  scenarioId?: string;
  /** Lab directory: the in-memory one (default) or a real DC (the Samba lab DC in tests). */
  labDirectory?: { kind: 'memory' } | { kind: 'ldap'; connection: DirectoryConnection };
  /** An explicit AD connection for the Windows host (otherwise discovered). */
  directory?: DirectoryConnection;
  appVersion: string;
  /** Who acts, for the audit log (defaults to the OS user). */
  actor?: string;
  now?: () => Date;
  /** Simulated service transition time in the lab (ms). */
  labTransitionMs?: number;
}

export interface AppSession {
  readonly handlers: Handlers;
  readonly audit: AuditLog;
  readonly redactor: Redactor;
  /** The ports as they are now (a lab scenario load replaces them). */
  ports(): PortContext;
  close(): Promise<void>;
}

export const DEFAULT_SCENARIO = 'healthy-entra-connect';

export async function createAppSession(options: AppSessionOptions): Promise<AppSession> {
  const now = options.now ?? (() => new Date());
  const redactor = new Redactor();
  if (options.directory) redactor.add(options.directory.password);
  if (options.labDirectory?.kind === 'ldap') redactor.add(options.labDirectory.connection.password);
  const audit = new AuditLog(path.join(options.dataDir), redactor, now);
  const plans = new PlanStore(undefined, now);
  const mode: AppInfo['mode'] = options.mode === 'windows' || (options.mode !== 'lab' && process.platform === 'win32') ? 'windows' : 'lab';

  let host: HostPort;
  let directory: DirectoryPort | null = null;
  let directoryProblem: string | null = null;
  let scenarios: Scenario[] = [];
  let scenario: Scenario | null = null;
  let seeder: Awaited<ReturnType<typeof openLabDirectory>>['seeder'] | null = null;

  const loadScenario = async (id: string) => {
    const next = scenarios.find((s) => s.id === id);
    if (!next) throw new RequestError('not-found', `No lab scenario "${id}".`);
    if (options.labDirectory?.kind !== 'ldap') {
      await directory?.close();
      const lab = await openLabDirectory({ kind: 'memory' }, next.os.domain);
      directory = lab.directory;
      seeder = lab.seeder;
    }
    host = await buildLabWorld({ scenario: next, directory: directory!, seeder: seeder!, redactor, now, transitionMs: options.labTransitionMs });
    scenario = next;
  };

  if (mode === 'lab') {
    scenarios = await loadScenarioDir(path.join(resolveAssetsDir(), 'scenarios'));
    if (options.labDirectory?.kind === 'ldap') {
      const lab = await openLabDirectory(options.labDirectory, null);
      directory = lab.directory;
      seeder = lab.seeder;
    }
    await loadScenario(options.scenarioId ?? DEFAULT_SCENARIO);
  } else {
    host = openWindowsHost();
    try {
      directory = await openDirectory(options.directory);
    } catch (e) {
      directoryProblem = e instanceof Error ? e.message : String(e);
    }
  }

  const ports = (): PortContext => ({ host, directory, now });
  const handlers = createHandlers({
    ports,
    plans,
    audit,
    actor: options.actor ?? safeUserName(),
    appInfo: () =>
      buildAppInfo(ports(), {
        version: options.appVersion,
        mode,
        scenario: scenario && { id: scenario.id, title: scenario.title },
        directoryProblem,
      }),
    listScenarios: async (): Promise<ScenarioSummary[]> => scenarios.map(({ id, title, description }) => ({ id, title, description })),
    loadScenario: async (id) => {
      if (mode !== 'lab') throw new RequestError('unavailable', 'Scenarios exist only in lab mode.');
      await loadScenario(id);
    },
  });

  return {
    handlers,
    audit,
    redactor,
    ports,
    close: async () => {
      plans.clear();
      await directory?.close();
    },
  };
}

function safeUserName(): string {
  try {
    const u = os.userInfo();
    return process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\${u.username}` : u.username;
  } catch {
    return 'unknown';
  }
}
