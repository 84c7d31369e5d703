// The lab server's installed programs: the uninstall entries, the sync tool they reveal, and the
// tool's own uninstaller (refused while a sync run is in progress; exit codes as data).
import type { InstalledProgram, SyncToolGeneration, SyncToolInstall } from '../../shared/domain/host';
import { syncToolProfile } from '../../shared/domain/sync-tools';
import { reportsRemoval, restartNeeded, uninstallOutcome } from '../../shared/domain/uninstall';
import { HostError } from '../ports/errors';
import type { OperationOptions, UninstallResult, UninstallTarget } from '../ports/host-port';
import type { LabContext } from './lab-context';
import type { LabServices } from './lab-services';
import type { Scenario } from './scenario';

export class LabPrograms {
  private programs: InstalledProgram[];

  constructor(
    private readonly ctx: LabContext,
    private readonly services: LabServices,
    /** True while a sync run is in progress (the uninstaller refuses then). */
    private readonly busy: () => boolean,
  ) {
    this.programs = [...this.toolPrograms(), ...ctx.scenario.programs];
  }

  /** The sync tool generation installed now ('none' once it is uninstalled). */
  generation(): SyncToolGeneration {
    const t = this.ctx.scenario.tool;
    return t && this.programs.some((p) => p.productCode === t.productCode) ? t.generation : 'none';
  }

  /** The tool's sync engine service runs. */
  engineRunning(): boolean {
    const t = this.ctx.scenario.tool;
    const engine = t && syncToolProfile(t.generation)?.services.find((s) => s.role === 'sync-engine');
    return !!engine && this.services.isRunning(engine.name);
  }

  async list(): Promise<InstalledProgram[]> {
    return this.programs.map((p) => ({ ...p }));
  }

  async syncTool(): Promise<SyncToolInstall> {
    const generation = this.generation();
    const t = this.ctx.scenario.tool;
    if (generation === 'none' || !t) {
      return {
        generation: 'none',
        version: null,
        displayName: null,
        registryView: null,
        installLocation: null,
        connectVersion: null,
        evidence: [],
        services: [],
      };
    }
    const names = syncToolProfile(generation)?.services.map((x) => x.name) ?? [];
    const services = await this.services.get(names);
    return {
      generation,
      version: t.version,
      displayName: t.displayName,
      registryView: t.bitness,
      installLocation: null,
      connectVersion: generation === 'entra-connect' ? t.version : null,
      evidence: ['uninstall-entry', ...(services.length > 0 ? (['service'] as const) : []), ...(generation === 'entra-connect' ? (['registry'] as const) : [])],
      services,
    };
  }

  async uninstall(target: UninstallTarget, opts: OperationOptions = {}): Promise<UninstallResult> {
    const program = this.programs.find((p) =>
      target.productCode
        ? p.productCode?.toLowerCase() === target.productCode.toLowerCase()
        : p.displayName === target.displayName && p.registryView === target.registryView,
    );
    if (!program) throw new HostError('program-not-found', `No uninstall entry "${target.displayName}" in the ${target.registryView}-bit registry view.`);
    const tool = this.ctx.scenario.tool;
    const isTool = !!tool && program.productCode?.toLowerCase() === tool.productCode.toLowerCase();
    if (isTool && this.busy()) {
      throw new HostError('uninstall-blocked', 'A synchronization run is in progress. Wait until it completes, then uninstall.', {
        productCode: program.productCode,
      });
    }
    await this.ctx.delay(opts);
    const exitCode = isTool ? tool.uninstallExitCode : 0;
    const outcome = uninstallOutcome(exitCode);
    const msi = program.windowsInstaller !== false && program.productCode !== null;
    if (reportsRemoval(outcome)) {
      this.programs = this.programs.filter((p) => p !== program);
      if (isTool) this.services.remove(syncToolProfile(tool.generation)?.services.map((s) => s.name) ?? []);
      this.ctx.events.write('Application', 'MsiInstaller', 11724, 'information', `Product: ${program.displayName} -- Removal completed successfully.`);
    }
    // 1618, 1603 and the rest: Windows Installer rolled back; nothing else changes.
    return {
      productCode: program.productCode,
      displayName: program.displayName,
      method: msi ? 'msiexec' : 'uninstall-string',
      exitCode,
      outcome,
      rebootRequired: restartNeeded(outcome),
      logFile: msi ? `C:\\Windows\\Logs\\DirSyncDoctor\\uninstall-${this.ctx.now().toISOString().replace(/[-:]/g, '').slice(0, 15)}.log` : null,
      entryRemoved: !this.programs.includes(program),
    };
  }

  /**
   * An installer ran (the admin's simulated work): the new tool replaces the sync tool's uninstall
   * entry (Connect's installer removes DirSync itself), the scenario's tool becomes the new one.
   */
  installTool(tool: Scenario['tool'] & object): void {
    const old = this.ctx.scenario.tool;
    if (old) this.programs = this.programs.filter((p) => p.productCode?.toLowerCase() !== old.productCode.toLowerCase());
    this.ctx.scenario.tool = tool;
    this.programs = [...this.toolPrograms(), ...this.programs];
  }

  private toolPrograms(): InstalledProgram[] {
    const t = this.ctx.scenario.tool;
    if (!t) return [];
    return [
      {
        displayName: t.displayName,
        version: t.version,
        publisher: t.publisher,
        productCode: t.productCode,
        uninstallString: `MsiExec.exe /X${t.productCode}`,
        registryView: t.bitness,
        installLocation: null,
        windowsInstaller: true,
      },
    ];
  }
}
