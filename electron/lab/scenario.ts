// A lab scenario: the sync server a LabHost simulates, as a validated JSON file.
// Times are given as minutes before "now" so a scenario means the same thing whenever it runs.
// A bad file is rejected whole, with the path of every bad field.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  EventLevel,
  InstalledProgram,
  OsFacts,
  ServiceName,
  ServiceStartType,
  SyncToolGeneration,
} from '../../shared/domain/host';
import { describeIssues } from '../../shared/ipc/errors';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and -');
const Sam = z
  .string()
  .min(1)
  .max(20, 'sAMAccountName is at most 20 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'sAMAccountName may contain letters, digits and . _ -');

export const LabLogon = z.discriminatedUnion('kind', [
  /** A built-in identity with no password: LocalSystem, NT SERVICE\ADSync, a virtual or managed account. */
  z.object({ kind: z.literal('builtin'), account: z.string().min(1) }).strict(),
  /** A domain account from `accounts`; the service holds its password (or an old one: 'stale'). */
  z.object({ kind: z.literal('domain'), sAMAccountName: Sam, password: z.enum(['current', 'stale']).default('current') }).strict(),
]);
export type LabLogon = z.infer<typeof LabLogon>;

export const LabService = z
  .object({
    name: ServiceName,
    displayName: z.string().min(1),
    state: z.enum(['running', 'stopped']),
    startType: ServiceStartType,
    logon: LabLogon,
  })
  .strict();
export type LabService = z.infer<typeof LabService>;

export const LabAccount = z
  .object({
    sAMAccountName: Sam,
    displayName: z.string().optional(),
    /** Relative to the domain, e.g. "CN=Users" (the default) or "OU=Service Accounts". */
    container: z.string().regex(/^(CN|OU)=[^,]+(,(CN|OU)=[^,]+)*$/, 'must be like CN=Users or OU=a,OU=b').default('CN=Users'),
    state: z.enum(['enabled', 'disabled', 'password-expired', 'deleted']).default('enabled'),
    passwordNeverExpires: z.boolean().default(true),
  })
  .strict();
export type LabAccount = z.infer<typeof LabAccount>;

export const LabEvent = z
  .object({
    log: z.string().min(1),
    source: z.string().min(1),
    id: z.number().int().nonnegative().max(65535),
    level: EventLevel,
    minutesAgo: z.number().nonnegative(),
    message: z.string(),
  })
  .strict();
export type LabEvent = z.infer<typeof LabEvent>;

export const LabTool = z
  .object({
    generation: SyncToolGeneration.exclude(['none']),
    displayName: z.string().min(1),
    version: z.string().min(1),
    publisher: z.string().default('Microsoft Corporation'),
    productCode: z.string().regex(/^\{[0-9A-Fa-f-]{36}\}$/, 'must be an MSI product code like {xxxxxxxx-xxxx-...}'),
    /** '32' = a 32-bit install (found under WOW6432Node on 64-bit Windows). */
    bitness: z.enum(['32', '64']),
  })
  .strict();
export type LabTool = z.infer<typeof LabTool>;

export const LabRun = z
  .object({
    connector: z.string(),
    profile: z.string(),
    result: z.string(),
    minutesAgo: z.number().nonnegative(),
    durationMinutes: z.number().nonnegative().default(2),
  })
  .strict();

export const Scenario = z
  .object({
    id: Id,
    title: z.string().min(1),
    description: z.string().min(1),
    os: OsFacts.extend({ netbiosDomain: z.string().regex(/^[A-Z0-9-]{1,15}$/, 'NetBIOS domain: up to 15 upper-case letters, digits, -') }).strict(),
    tool: LabTool.nullable(),
    services: z.array(LabService),
    programs: z.array(InstalledProgram).default([]),
    accounts: z.array(LabAccount).default([]),
    events: z.array(LabEvent).default([]),
    adfsInstalled: z.boolean().default(false),
    sync: z
      .object({
        runInProgress: z.boolean().default(false),
        schedulerEnabled: z.boolean().nullable().default(true),
        /** Oldest first. */
        history: z.array(LabRun).default([]),
      })
      .strict()
      .default({ runInProgress: false, schedulerEnabled: true, history: [] }),
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

/** Parse scenario JSON text; `origin` names the file in the error. */
export function parseScenario(text: string, origin: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`${origin}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(`${origin}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseScenario(text, path.basename(file));
}

/** Every scenario in a folder, validated; the file name must match the id inside. */
export async function loadScenarioDir(dir: string): Promise<Scenario[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const scenarios = await Promise.all(files.map((f) => loadScenarioFile(path.join(dir, f))));
  scenarios.forEach((s, i) => {
    if (`${s.id}.json` !== files[i]) throw new ScenarioError(`${files[i]}: id "${s.id}" does not match the file name`);
  });
  return scenarios;
}
