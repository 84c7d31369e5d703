// A lab scenario: the sync server a LabHost simulates, as a validated JSON file.
// Times are given as minutes before "now" so a scenario means the same thing whenever it runs.
// A bad file is rejected whole, with the path of every bad field.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BoundedFileError, readBoundedText } from '../files/bounded-file';
import { EventLevel, InstalledProgram, OsFacts, ServiceName, ServiceStartType, SyncToolGeneration } from '../../shared/domain/host';
import { logonKind } from '../../shared/domain/logon';
import { describeIssues } from '../../shared/ipc/errors';

/** Length caps of the scenario's fields: a facts file is something an admin is handed. */
export const SCENARIO_LIMITS = {
  title: 200,
  description: 4000,
  /** An event's message. */
  message: 8192,
  /** Any other text field. */
  text: 1024,
  /** Any list (services, accounts, events, runs, …). */
  list: 10_000,
  /** Any string or list anywhere in the file, before the schema (fields of shared types included). */
  anyString: 64 * 1024,
} as const;

const text = (max: number = SCENARIO_LIMITS.text) => z.string().max(max, `at most ${max} characters`);
const list = <T extends z.ZodType>(item: T, max: number = SCENARIO_LIMITS.list) => z.array(item).max(max, `at most ${max} entries`);

const Id = text().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and -');
const Sam = z
  .string()
  .min(1)
  .max(20, 'sAMAccountName is at most 20 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'sAMAccountName may contain letters, digits and . _ -');

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const LocalName = text().regex(/^[^\\/"[\]:|<>+=;,?*@\u0000-\u001f]{1,20}$/, 'local user name: 1 to 20 characters, none of \\ / " [ ] : | < > + = ; , ? * @');

export const LabLogon = z.discriminatedUnion('kind', [
  /** A built-in identity with no password: LocalSystem, NT SERVICE\ADSync, a virtual or managed account. */
  z.object({ kind: z.literal('builtin'), account: text().min(1) }).strict(),
  /** A domain account from `accounts`; the service holds its password (or an old one: 'stale'). */
  z.object({ kind: z.literal('domain'), sAMAccountName: Sam, password: z.enum(['current', 'stale']).default('current') }).strict(),
  /** A local account of the server from `localAccounts` (DirSync's AAD_...), shown as COMPUTER\name. */
  z.object({ kind: z.literal('local'), name: LocalName, password: z.enum(['current', 'stale']).default('current') }).strict(),
]);
export type LabLogon = z.infer<typeof LabLogon>;

export const LabService = z
  .object({
    name: ServiceName,
    displayName: text().min(1),
    state: z.enum(['running', 'stopped']),
    startType: ServiceStartType,
    logon: LabLogon,
    /** The logon the service was installed with (SCM event 7045); default: the current one. */
    originalLogon: LabLogon.optional(),
    /**
     * A start failure besides the logon itself: the "Log on as a service" right removed by policy
     * (7041, persists: the fix is in Group Policy), or the encryption key unreadable (6028, cured by
     * putting back the original logon).
     */
    startFailure: z.enum(['logon-right-missing', 'encryption-key-unreadable']).optional(),
  })
  .strict();
export type LabService = z.infer<typeof LabService>;

/** A local user account of the server (the lab's SAM). */
export const LabLocalAccount = z
  .object({
    name: LocalName,
    fullName: text().optional(),
    enabled: z.boolean().default(true),
    passwordNeverExpires: z.boolean().default(true),
    passwordExpired: z.boolean().default(false),
    lockedOut: z.boolean().default(false),
  })
  .strict();
export type LabLocalAccount = z.infer<typeof LabLocalAccount>;

const Dword = z.number().int().nullable();
/** TLS 1.2 registry values; the default is a server set up as Microsoft asks. */
export const LabTls = z
  .object({
    netFramework64: z
      .object({ schUseStrongCrypto: Dword, systemDefaultTlsVersions: Dword })
      .strict()
      .default({ schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 }),
    netFramework32: z
      .object({ schUseStrongCrypto: Dword, systemDefaultTlsVersions: Dword })
      .strict()
      .default({ schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 }),
    schannelClient: z.object({ enabled: Dword, disabledByDefault: Dword }).strict().default({ enabled: 1, disabledByDefault: 0 }),
    schannelServer: z.object({ enabled: Dword, disabledByDefault: Dword }).strict().default({ enabled: 1, disabledByDefault: 0 }),
  })
  .strict();
export type LabTls = z.infer<typeof LabTls>;

export const LabScheduler = z
  .object({
    /** Get-ADSyncScheduler exists (Connect 1.1.105.0+); default: true for entra-connect. */
    available: z.boolean().optional(),
    suspended: z.boolean().default(false),
    stagingMode: z.boolean().default(false),
    intervalMinutes: z.number().positive().default(30),
    /** When the next scheduled cycle starts, minutes from now (negative: overdue). */
    nextCycleInMinutes: z.number().default(30),
  })
  .strict();

export const LabCloud = z
  .object({
    /** How the Entra connector signs in: the Sync_ user, or an application with a certificate (2.5.3.0+). */
    authentication: z.enum(['service-account', 'application']).default('service-account'),
    /** The Entra connector's UserName (the Sync_ user; DirSync: the admin typed in the wizard). */
    userName: text().nullable().optional(),
    /** The cloud credential: invalid (disabled, deleted, wrong password) or expired stops the Entra connector. */
    credential: z.enum(['valid', 'invalid', 'expired']).default('valid'),
    /**
     * The certificate application sign-in uses (authentication: application). Absent: a current one
     * Connect manages (issued 30 days ago, valid a year). Expired, it stops the Entra connector; due
     * (150 days or fewer left, or 70 % of its life used), a scheduled cycle renews it while the
     * scheduler runs. Its 1011 / 1012 events are events of the scenario.
     */
    certificate: z
      .object({
        issuedDaysAgo: z.number().nonnegative().max(36_500),
        validDays: z.number().positive().max(36_500),
        /** service-account: Connect manages it (the sync service account's store); local-machine: the admin brought it. */
        store: z.enum(['service-account', 'local-machine']).default('service-account'),
        thumbprint: text()
          .regex(/^[0-9A-F]{40}$/, 'a thumbprint: 40 upper-case hex digits')
          .default('3F9A1C0E5B7D2A4468E1F0C3B9D7A5E2C4F60B18'),
        /** Why the connector names no certificate on this build (the step then reads the events only). */
        unreadable: text().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const LabNetwork = z
  .object({
    /** The Entra endpoint through the proxy: blocked = 403, proxy-auth = 407. */
    endpoint: z.enum(['ok', 'blocked', 'proxy-auth', 'unreachable']).default('ok'),
    proxy: text().nullable().default(null),
  })
  .strict();

const LabContainer = text().regex(/^(CN|OU)=[^,]+(,(CN|OU)=[^,]+)*$/, 'must be like OU=Staff or OU=a,OU=b (relative to the domain)');

/** A Connect AD connector's partition scope, containers relative to the lab's domain. */
export const LabOuFiltering = z
  .object({
    /** The partition is selected (domain filtering); false: the domain is not synced at all. */
    selected: z.boolean().default(true),
    /** The domain itself is in the inclusion list (Connect's default), so exclusions carve OUs out of it. */
    wholeDomain: z.boolean().default(false),
    inclusions: list(LabContainer).default([]),
    exclusions: list(LabContainer).default([]),
    /** The host cannot read the filtering on this server: the reason it gives (e.g. a build shaped otherwise). */
    unreadable: text().min(1).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.unreadable !== undefined && (f.wholeDomain || f.inclusions.length || f.exclusions.length)) {
      ctx.addIssue({ code: 'custom', path: ['unreadable'], message: 'an unreadable filtering has no inclusions or exclusions' });
    }
    const seen = new Set<string>();
    for (const [list, items] of [
      ['inclusions', f.inclusions],
      ['exclusions', f.exclusions],
    ] as const) {
      items.forEach((c, i) => {
        const key = c.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [list, i], message: `${c} is listed twice` });
        seen.add(key);
      });
    }
  });
export type LabOuFiltering = z.infer<typeof LabOuFiltering>;

export const LabConnectors = z
  .object({
    /** Default: the first non-Entra connector of the run history, or the domain name. */
    ad: z
      .object({
        name: text().min(1).optional(),
        /** The configured forest-login-user; default: the first MSOL_ account of `accounts`. */
        loginUser: text().optional(),
        loginDomain: text().optional(),
        /** Why the configured account cannot be read on this server (e.g. DirSync's engine database refuses the admin). */
        loginUnreadable: text().min(1).optional(),
        /**
         * The connector's OU filtering for the lab's domain (its one partition). Default: the
         * whole domain, selected, nothing excluded. DirSync servers never answer it (not readable
         * on that tool), whatever is here.
         */
        ouFiltering: LabOuFiltering.optional(),
      })
      .strict()
      .default({}),
    /** Default: the run history's Entra connector, or "contoso.onmicrosoft.com - AAD". */
    entra: z
      .object({ name: text().min(1).optional() })
      .strict()
      .default({}),
  })
  .strict();

export const LabAccount = z
  .object({
    sAMAccountName: Sam,
    displayName: text().optional(),
    /** Relative to the domain, e.g. "CN=Users" (the default) or "OU=Service Accounts". */
    container: text()
      .regex(/^(CN|OU)=[^,]+(,(CN|OU)=[^,]+)*$/, 'must be like CN=Users or OU=a,OU=b')
      .default('CN=Users'),
    /** locked: locked out by wrong passwords (the in-memory lab directory only). */
    state: z.enum(['enabled', 'disabled', 'password-expired', 'locked', 'deleted']).default('enabled'),
    passwordNeverExpires: z.boolean().default(true),
  })
  .strict();
export type LabAccount = z.infer<typeof LabAccount>;

export const LabEvent = z
  .object({
    log: text().min(1),
    source: text().min(1),
    id: z.number().int().nonnegative().max(65535),
    level: EventLevel,
    minutesAgo: z.number().nonnegative(),
    message: text(SCENARIO_LIMITS.message),
  })
  .strict();
export type LabEvent = z.infer<typeof LabEvent>;

export const LabTool = z
  .object({
    generation: SyncToolGeneration.exclude(['none']),
    displayName: text().min(1),
    version: text().min(1),
    publisher: text().default('Microsoft Corporation'),
    productCode: text().regex(/^\{[0-9A-Fa-f-]{36}\}$/, 'must be an MSI product code like {xxxxxxxx-xxxx-...}'),
    /** '32' = a 32-bit install (found under WOW6432Node on 64-bit Windows). */
    bitness: z.enum(['32', '64']),
    /** What its uninstaller exits with: 0, 3010 (restart needed), 1618 (another install running), 1603 (fatal) ... */
    uninstallExitCode: z.number().int().default(0),
  })
  .strict();
export type LabTool = z.infer<typeof LabTool>;

export const LabRun = z
  .object({
    connector: text(),
    profile: text(),
    result: text(),
    minutesAgo: z.number().nonnegative(),
    durationMinutes: z.number().nonnegative().default(2),
    /** Object counts of the run; absent ones are unknown. */
    counts: z
      .object({
        adds: z.number().int().nonnegative(),
        updates: z.number().int().nonnegative(),
        deletes: z.number().int().nonnegative(),
        pendingDeletes: z.number().int().nonnegative(),
        exportErrors: z.number().int().nonnegative(),
        syncErrors: z.number().int().nonnegative(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

/**
 * Where a facts file came from when it is not a lab scenario written by hand: the legacy
 * collector run on a server the app cannot run on, or a support bundle's snapshot of the server
 * the app diagnosed. Times in the file stay "minutes before" this moment.
 */
export const FactsSource = z
  .object({
    kind: z.enum(['collector', 'support-bundle']),
    /** When the facts were read (ISO 8601 with zone). */
    at: z.iso.datetime({ offset: true }),
    /** What read them: "Collect-DsdLegacyFacts.ps1 1.0", "DirSync Doctor 0.1.0". */
    by: text().min(1).max(128),
    /** The PowerShell version the collector ran on. */
    powershell: text().max(32).nullable().optional(),
    /** Facts that could not be read, in words (the file carries a default for them). */
    notes: z.array(text(2000)).max(100).default([]),
  })
  .strict();
export type FactsSource = z.infer<typeof FactsSource>;

export const Scenario = z
  .object({
    id: Id,
    title: text(SCENARIO_LIMITS.title).min(1),
    description: text(SCENARIO_LIMITS.description).min(1),
    /** Set for collected servers and support bundles; absent for the lab's own scenarios. */
    collected: FactsSource.optional(),
    os: OsFacts.extend({ netbiosDomain: text().regex(/^[A-Z0-9-]{1,15}$/, 'NetBIOS domain: up to 15 upper-case letters, digits, -') }).strict(),
    tool: LabTool.nullable(),
    services: list(LabService),
    programs: list(InstalledProgram).default([]),
    accounts: list(LabAccount).default([]),
    events: list(LabEvent).default([]),
    adfsInstalled: z.boolean().default(false),
    /**
     * Password hash sync (AADSync and Connect): on for the tenant or not. Its heartbeat (654) and
     * failures (611, 652, 655) are events of the scenario; a full password sync writes a 654 per AD connector.
     */
    passwordHashSync: z
      .object({ enabled: z.boolean().default(false) })
      .strict()
      .default({ enabled: false }),
    /**
     * Entra Connect's automatic upgrade as Get-ADSyncAutoUpgrade -Detail reports it. Only the
     * system suspends it, with a reason (any text: unknown reasons are shown as given); other tools
     * and Connect before 1.1.105.0 have no such cmdlet and ignore this.
     */
    autoUpgrade: z
      .object({
        state: z.enum(['enabled', 'disabled', 'suspended']).default('enabled'),
        reason: text(512)
          .min(1)
          // As Get-DsdAutoUpgrade passes it on: one line, trimmed (the same rule the Windows parser keeps).
          .refine(
            (t) => t.trim() === t && ![...t].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
            'one line of text without leading or trailing spaces',
          )
          .optional(),
      })
      .strict()
      .refine((a) => a.reason === undefined || a.state === 'suspended', { message: 'a reason belongs only to a suspended automatic upgrade', path: ['reason'] })
      .default({ state: 'enabled' }),
    localAccounts: list(LabLocalAccount).default([]),
    tls: LabTls.default({
      netFramework64: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
      netFramework32: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
      schannelClient: { enabled: 1, disabledByDefault: 0 },
      schannelServer: { enabled: 1, disabledByDefault: 0 },
    }),
    network: LabNetwork.default({ endpoint: 'ok', proxy: null }),
    cloud: LabCloud.default({ authentication: 'service-account', credential: 'valid' }),
    connectors: LabConnectors.default({ ad: {}, entra: {} }),
    /** .NET Framework 4.x Release value (528040 = 4.8); null = no .NET 4.5 or later. */
    dotNetRelease: z.number().int().positive().nullable().default(528040),
    /**
     * The number of objects in sync scope this server's directory stands for. The lab directory
     * holds only the accounts a scenario needs, so a scenario about a 60,000-object forest says
     * so here; without it the lab directory's own objects are counted.
     */
    syncScopeObjects: z.number().int().nonnegative().optional(),
    sync: z
      .object({
        runInProgress: z.boolean().default(false),
        /** The run in progress ends this many seconds after the scenario loads (absent: it never ends by itself). */
        runEndsAfterSeconds: z.number().positive().optional(),
        schedulerEnabled: z.boolean().nullable().default(true),
        /** Oldest first. */
        history: list(LabRun).default([]),
        scheduler: LabScheduler.default({ suspended: false, stagingMode: false, intervalMinutes: 30, nextCycleInMinutes: 30 }),
        deletionThreshold: z
          .object({ enabled: z.boolean().default(true), value: z.number().int().positive().default(500) })
          .strict()
          .default({ enabled: true, value: 500 }),
        /** Deletes staged for export to Entra ID; above the threshold the export stops. */
        pendingDeletes: z.number().int().nonnegative().default(0),
        /** The sync database is full (LocalDB 10 GB): every run stops with stopped-database-disk-full. */
        databaseFull: z.boolean().default(false),
      })
      .strict()
      .default({
        runInProgress: false,
        schedulerEnabled: true,
        history: [],
        scheduler: { suspended: false, stagingMode: false, intervalMinutes: 30, nextCycleInMinutes: 30 },
        deletionThreshold: { enabled: true, value: 500 },
        pendingDeletes: 0,
        databaseFull: false,
      }),
  })
  .strict()
  .superRefine((s, ctx) => {
    const sams = new Set(s.accounts.map((a) => a.sAMAccountName.toLowerCase()));
    s.services.forEach((svc, i) => {
      if (svc.logon.kind === 'domain' && !sams.has(svc.logon.sAMAccountName.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'logon', 'sAMAccountName'],
          message: `no account "${svc.logon.sAMAccountName}" in accounts`,
        });
      }
    });
    const locals = new Set(s.localAccounts.map((a) => a.name.toLowerCase()));
    s.services.forEach((svc, i) => {
      for (const [key, logon] of [
        ['logon', svc.logon],
        ['originalLogon', svc.originalLogon],
      ] as const) {
        // A user account has a password the lab must check at every start: it is never "builtin"
        // (DirSync's AAD_... is a local user of the server; DOMAIN\\user is a domain account).
        if (logon?.kind === 'builtin') {
          const userKind = logonKind(logon.account, s.os.computerName);
          const wanted = userKind === 'local-user' ? 'local' : userKind === 'domain-user' ? 'domain' : null;
          if (wanted) {
            ctx.addIssue({
              code: 'custom',
              path: ['services', i, key, 'account'],
              message: `"${logon.account}" is a ${wanted} user account, not a built-in identity: use kind "${wanted}"`,
            });
          }
        }
        if (logon?.kind === 'local' && !locals.has(logon.name.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['services', i, key, 'name'], message: `no local account "${logon.name}" in localAccounts` });
        }
        if (key === 'originalLogon' && logon?.kind === 'domain' && !sams.has(logon.sAMAccountName.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['services', i, key, 'sAMAccountName'], message: `no account "${logon.sAMAccountName}" in accounts` });
        }
      }
    });
    const names = new Set<string>();
    s.services.forEach((svc, i) => {
      if (names.has(svc.name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['services', i, 'name'], message: `duplicate service ${svc.name}` });
      }
      names.add(svc.name.toLowerCase());
    });
  });
export type Scenario = z.infer<typeof Scenario>;

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** The first string or list anywhere in the JSON longer than any field may be, named by its path. */
function firstOversized(value: unknown, at: (string | number)[]): string | null {
  const where = () => (at.length ? at.join('.') : '(root)');
  if (typeof value === 'string') {
    return value.length > SCENARIO_LIMITS.anyString
      ? `${where()}: ${value.length} characters, more than any field may have (${SCENARIO_LIMITS.anyString})`
      : null;
  }
  if (Array.isArray(value)) {
    if (value.length > SCENARIO_LIMITS.list) return `${where()}: ${value.length} entries, more than any list may have (${SCENARIO_LIMITS.list})`;
    for (let i = 0; i < value.length; i++) {
      const o = firstOversized(value[i], [...at, i]);
      if (o) return o;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.length > SCENARIO_LIMITS.anyString) return `${where()}: a key of ${k.length} characters`;
      const o = firstOversized(v, [...at, k]);
      if (o) return o;
    }
  }
  return null;
}

/** Parse scenario JSON text; `origin` names the file in the error. */
export function parseScenario(text: string, origin: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`${origin}: not valid JSON (${(e as Error).message})`);
  }
  const oversized = firstOversized(raw, []);
  if (oversized) throw new ScenarioError(`${origin}: ${oversized}`);
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(`${origin}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** `origin` names the file in errors (default: its base name). */
export async function loadScenarioFile(file: string, origin = path.basename(file)): Promise<Scenario> {
  let text: string;
  try {
    text = await readBoundedText(file, 'scenario');
  } catch (e) {
    throw e instanceof BoundedFileError ? new ScenarioError(e.message) : e;
  }
  return parseScenario(text, origin);
}

export interface ScenarioFolder {
  /** The files that validated, sorted by file name. */
  scenarios: Scenario[];
  /** One message per file that did not (naming the file and the field); those files are left out. */
  problems: string[];
}

/**
 * Every scenario in a folder, validated one by one: a bad file is reported and left out, never
 * allowed to break the others. The file name must match the id inside; ids are unique.
 */
export async function readScenarioDir(dir: string): Promise<ScenarioFolder> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const results = await Promise.allSettled(files.map((f) => loadScenarioFile(path.join(dir, f))));
  const scenarios: Scenario[] = [];
  const problems: string[] = [];
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      problems.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
    } else if (`${r.value.id}.json` !== files[i]) {
      problems.push(`${files[i]}: id "${r.value.id}" does not match the file name`);
    } else {
      scenarios.push(r.value);
    }
  });
  return { scenarios, problems };
}

/** The valid scenarios of a folder (bad files left out; readScenarioDir says why). */
export async function loadScenarioDir(dir: string): Promise<Scenario[]> {
  return (await readScenarioDir(dir)).scenarios;
}
