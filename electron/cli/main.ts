// dirsync-doctor CLI: the same session, probes and rules as the app, for RMM tools.
// Data on stdout, errors on stderr (on stdout as JSON with --format json), and an exit code a
// script can branch on. Entries: cli/bin.ts (the shipped dist/electron/cli.cjs), main.ts --cli
// (the installed app without a window) and dev/cli.ts (npm run cli, with the lab's Samba DC).
import path from 'node:path';
import { shortBindPasswordWarning } from '../../shared/domain/bind-password';
import { needsAttention } from '../../shared/findings/needs-attention';
import { createAppSession, type AppSessionOptions } from '../app/session';
import { dispatch } from '../ipc/dispatch';
import { resolveAssetsDir } from '../app/assets';
import { readScenarioDir, ScenarioError } from '../lab/scenario';
import { appVersion } from '../app/app-version';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { errorStyle, EXIT, flagNamed, reportFailure } from './output';
import { runDiagnosis } from '../triage/diagnosis';
import { formatFixReport, runFix } from './fix';
import { runGap } from './gap';
import { formatReport, type DiagnoseReport } from './report';
import { isScanApplyCommand, runScanApply } from './readiness-apply';
import { isAuditCommand, runAuditVerify } from './audit-verify';
import { isScanCommand, runScanCommand } from './readiness-scan';
import type { CliIo } from './io';
import { runReport } from './support-report';
import { cliDirs, CliDirsError, type CliDirs } from './cli-dirs';

export type { CliIo } from './io';
export { EXIT } from './output';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (isScanApplyCommand(argv)) return runScanApply(argv, io);
  if (isAuditCommand(argv)) return runAuditVerify(argv, io);
  if (isScanCommand(argv)) return runScanCommand(argv, io);
  const style = errorStyle(argv);
  const json = style === 'json';
  /** An error: JSON on stdout with --format json (an RMM tool always gets JSON), else text on stderr. */
  const fail = (exit: number, code: string, message: string, extra: Record<string, unknown> = {}, usage = false): number =>
    reportFailure(io, style, { exit, code, message, extra, usage: usage ? USAGE : undefined });
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail(EXIT.usage, 'usage', e.message, { flag: flagNamed(e.message) }, true);
  }
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT.healthy;
  }
  const startedAt = new Date();
  const labFile = args.command === 'diagnose' || args.command === 'fix' || args.command === 'report' ? (args.labFile ?? null) : null;
  if (args.lab) {
    // Scenario ids are checked here, so an unknown one is a usage error listing the valid ones.
    const { scenarios, problems } = await readScenarioDir(path.join(resolveAssetsDir(), 'scenarios'));
    if (args.lab === 'list') {
      if (json) io.stdout(`${JSON.stringify({ scenarios: scenarios.map(({ id, title }) => ({ id, title })), problems }, null, 2)}\n`);
      else io.stdout(`${scenarios.map((s) => `${s.id.padEnd(44)} ${s.title}`).join('\n')}\n${problems.map((p) => `(left out) ${p}\n`).join('')}`);
      return EXIT.healthy;
    }
    if (!scenarios.some((s) => s.id === args.lab)) {
      const ids = scenarios.map((s) => s.id);
      return fail(EXIT.usage, 'unknown-scenario', `--lab: no scenario "${args.lab}". Valid scenarios: ${ids.join(', ')}`, {
        flag: '--lab',
        validScenarios: ids,
      });
    }
  }

  let dirs: CliDirs;
  try {
    dirs = await cliDirs(io);
  } catch (e) {
    if (!(e instanceof CliDirsError)) throw e;
    return fail(EXIT.usage, 'usage', e.message);
  }
  const options: AppSessionOptions = {
    dataDir: dirs.dataDir,
    auditDir: dirs.auditDir,
    appVersion: appVersion(),
    mode: args.lab || labFile ? 'lab' : 'windows',
    scenarioId: args.lab ?? undefined,
    labScenarioFile: labFile ?? undefined,
  };
  if (!args.lab && !labFile && process.platform !== 'win32') {
    return fail(EXIT.usage, 'usage', 'this is not a Windows sync server; pass --lab <scenario> or --lab-file <path> to diagnose a simulated one.', {
      flag: '--lab',
    });
  }
  let password: string | undefined;
  if (args.directory) {
    password = io.env[args.directory.passwordEnv];
    if (!password) {
      return fail(EXIT.usage, 'usage', `the environment variable ${args.directory.passwordEnv} (from --password-env) is not set or empty.`, {
        flag: '--password-env',
      });
    }
    const short = shortBindPasswordWarning(password);
    if (short) io.stderr(`dirsync-doctor: warning: ${short}\n`);
  }

  let session;
  try {
    session = await createAppSession(options);
  } catch (e) {
    // A bad --lab-file is the caller's input: name the file and the field, exit 2.
    if (e instanceof ScenarioError) return fail(EXIT.usage, 'bad-scenario-file', e.message, { flag: '--lab-file', file: labFile });
    return fail(EXIT.failed, 'failed', `could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (args.directory && password) {
    // The same path the app's sign-in takes: discovery when --url is omitted, seeding in a lab.
    const { url, bind, caFile, serverName, startTls } = args.directory;
    if (caFile) {
      // The same bounded reader as the app's file picker; the message never says more.
      const ca = await session.useCaFile(caFile).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (ca instanceof Error) {
        await session.close();
        return fail(EXIT.usage, 'usage', `--ca-file: ${ca.message}`, { flag: '--ca-file' });
      }
    }
    const connected = await dispatch(session.handlers, 'directory:connect', { bindDn: bind, password, url, serverName, startTls });
    if (!connected.ok) {
      await session.close();
      return fail(EXIT.failed, 'directory-unreachable', `could not connect to Active Directory: ${session.redactor.redactText(connected.error.message)}`);
    }
  }
  if (args.command === 'gap') {
    try {
      return await runGap(args, session, io);
    } finally {
      await session.close();
    }
  }
  if (args.command === 'report') {
    try {
      const r = await runReport(session, args, startedAt);
      if ('error' in r) return fail(r.exit, r.code, session.redactor.redactText(r.error), { flag: r.flag });
      io.stdout(
        args.format === 'json'
          ? `${JSON.stringify(r.result, null, 2)}\n`
          : `Support bundle ${r.result.out}: case ${r.result.caseId}, ${r.result.bytes} bytes, ${r.result.findings.length} finding(s), ${r.result.actions} action(s)${r.result.pseudonymised ? ', names pseudonymised' : ''}.\n`,
      );
      return r.result.needsAttention ? EXIT.attention : EXIT.healthy;
    } catch (e) {
      return fail(EXIT.failed, 'failed', `report failed: ${session.redactor.redactText(e instanceof Error ? e.message : String(e))}`);
    } finally {
      await session.close();
    }
  }
  if (args.command === 'fix') {
    try {
      const r = await runFix(session, args.findingId, args.yes);
      if (r.error && !r.report)
        return fail(r.exit, r.exit === EXIT.usage ? 'unknown-finding' : 'fix-failed', `fix: ${session.redactor.redactText(r.error)}`, { flag: 'fix' });
      if (r.exit === EXIT.causeFirst && r.report?.causeFirst) {
        // Refused before anything ran: the error names the cause and the command that fixes it.
        const c = r.report.causeFirst;
        return fail(r.exit, 'cause-first', `fix: ${session.redactor.redactText(r.error ?? '')}`, {
          flag: 'fix',
          cause: c.findingId,
          causeStep: c.stepId,
          command: c.command,
        });
      }
      if (r.error) io.stderr(`dirsync-doctor: fix: ${session.redactor.redactText(r.error)}\n`);
      if (r.report) {
        const safe = session.redactor.redact(r.report);
        io.stdout(args.format === 'json' ? `${JSON.stringify(safe, null, 2)}\n` : formatFixReport(safe));
      }
      return r.exit;
    } catch (e) {
      return fail(EXIT.failed, 'fix-failed', `fix failed: ${session.redactor.redactText(e instanceof Error ? e.message : String(e))}`);
    } finally {
      await session.close();
    }
  }
  try {
    const info = await session.handlers['app:info']({}, new AbortController().signal);
    const checkedAt = session.ports().now().toISOString();
    const findings = await runDiagnosis(session.ports(), undefined, args.timeoutMs);
    const report: DiagnoseReport = {
      tool: 'dirsync-doctor',
      version: info.version,
      checkedAt,
      mode: info.mode,
      scenario: info.scenario?.id ?? null,
      host: info.host.computerName,
      directory: info.directory.connected ? `${info.directory.domain} (${info.directory.server})` : null,
      syncTool: info.syncTool,
      findings,
      needsAttention: needsAttention(findings),
    };
    io.stdout(args.format === 'json' ? `${JSON.stringify(session.redactor.redact(report), null, 2)}\n` : formatReport(session.redactor.redact(report)));
    return report.needsAttention ? EXIT.attention : EXIT.healthy;
  } catch (e) {
    return fail(EXIT.failed, 'failed', `diagnose failed: ${session.redactor.redactText(e instanceof Error ? e.message : String(e))}`);
  } finally {
    await session.close();
  }
}
