// Steps that must happen on a server the app cannot run on: the exact commands to run there
// (PowerShell 2.0 and cmd.exe alike understand them), and the collector run that proves them. The
// app never acts on such a server; it reads the next collected file and checks the step again.
import { z } from 'zod';

/** The collector's file name as the app saves it. */
export const COLLECTOR_SCRIPT = 'Collect-DsdLegacyFacts.ps1';
/** Where the app's uninstall writes its Windows Installer log (the same folder on the old server). */
export const UNINSTALL_LOG_DIR = 'C:\\Windows\\Logs\\DirSyncDoctor';

export const OldServerCommand = z.object({ label: z.string(), command: z.string() }).strict();
export const OldServerSteps = z
  .object({
    /** The server the commands are for. */
    server: z.string(),
    /** What the commands do, in words. */
    title: z.string(),
    commands: z.array(OldServerCommand).min(1),
    /** How to tell the outcome on the server before collecting again. */
    notes: z.array(z.string()),
    /** The collector run that verifies the step; its file is opened here next. */
    verify: OldServerCommand,
  })
  .strict();
export type OldServerSteps = z.infer<typeof OldServerSteps>;

/** The fixes that act on the old server itself; on a collected server each becomes commands to run there. */
export const OLD_SERVER_FIXES: ReadonlySet<string> = new Set(['upgrade-stop-tool-service', 'upgrade-wait-for-run', 'upgrade-uninstall-tool']);

/** The actions that change the old server itself; on a collected server they become commands. */
export type OldServerAction =
  | { actionId: 'upgrade.stop-tool-service'; service: string }
  | { actionId: 'upgrade.wait-for-run' }
  | { actionId: 'upgrade.uninstall-tool'; displayName: string; productCode: string; uninstallString: string | null };

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The collector command whose output file verifies this step. */
export function collectAgain(server: string, stepId: string): z.infer<typeof OldServerCommand> {
  const file = `${server.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-after-${stepId}.json`;
  return {
    label: 'Then collect again on that server and open the new file here',
    command: `powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\${COLLECTOR_SCRIPT} -OutFile .\\${file}`,
  };
}

export function oldServerSteps(action: OldServerAction, server: string, stepId: string): OldServerSteps {
  const verify = collectAgain(server, stepId);
  switch (action.actionId) {
    case 'upgrade.stop-tool-service':
      return {
        server,
        title: `Stop the ${action.service} service on ${server}`,
        commands: [
          { label: 'In an elevated PowerShell window on that server', command: `Stop-Service -Name ${quote(action.service)}` },
          { label: 'Check that it stopped (Status: Stopped)', command: `Get-Service -Name ${quote(action.service)}` },
        ],
        notes: ['Nothing syncs from that server while the service is stopped; the new computer takes over.'],
        verify,
      };
    case 'upgrade.wait-for-run':
      return {
        server,
        title: `Wait until no synchronization run is in progress on ${server}`,
        commands: [
          {
            label: 'In an elevated PowerShell window on that server: lists the runs still in progress (nothing listed: none)',
            command:
              "Get-WmiObject -Namespace 'root\\MicrosoftIdentityIntegrationServer' -Query \"SELECT MaName, RunProfile FROM MIIS_RunHistory WHERE RunStatus = 'in-progress'\"",
          },
        ],
        notes: ['Repeat it every minute or so until it lists nothing; the collected file says whether a run was in progress when it was taken.'],
        verify,
      };
    case 'upgrade.uninstall-tool': {
      const log = `${UNINSTALL_LOG_DIR}\\uninstall-${action.productCode.replace(/[{}]/g, '')}.log`;
      const msi = action.productCode !== '';
      return {
        server,
        title: `Uninstall ${action.displayName} from ${server}`,
        commands: msi
          ? [
              {
                label: 'In an elevated PowerShell window on that server: the log folder',
                command: `New-Item -ItemType Directory -Force -Path ${quote(UNINSTALL_LOG_DIR)}`,
              },
              {
                label: 'Uninstall silently with a Windows Installer log; prints the exit code',
                command: `(Start-Process -FilePath 'msiexec.exe' -ArgumentList '/x', ${quote(action.productCode)}, '/qn', '/norestart', '/l*v', ${quote(log)} -Wait -PassThru).ExitCode`,
              },
            ]
          : [
              {
                label: 'Its own uninstaller (not Windows Installer: it may show a window and writes no log)',
                command: action.uninstallString ?? 'its UninstallString',
              },
            ],
        notes: [
          'Exit code 0: removed. 3010 or 1641: removed, restart the server to finish. 1618: another installation is running, try again later. 1605: it was not installed. 1603: it failed; the log says why.',
          ...(msi ? [`The log is ${log} on that server.`] : []),
        ],
        verify,
      };
    }
  }
}
