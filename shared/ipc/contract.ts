// The IPC contract: every channel declared once, with its request and response schemas.
// The preload derives its API from these names, the main process registers one handler per
// channel and validates both directions, and the renderer gets typed results.
import { z } from 'zod';
import { AppInfo, ScenarioSummary } from '../domain/app';
import { Finding } from '../rules/finding';
import { ApplyOutcome, PlannedChange, Verdict } from '../playbooks/types';
import type { IpcResult } from './errors';

const Id = z.string().min(1).max(128).regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -');
const StepRef = z.object({ playbookId: Id, stepId: Id }).strict();

/** Sign-in to Active Directory. The password stays in the main process's memory only. */
export const DirectoryCredentials = z
  .object({
    bindDn: z.string().trim().min(1, 'enter the account (user@domain)').max(512),
    password: z.string().min(1, 'enter the password').max(256),
    /** Omitted: the domain controller found by discovery. */
    url: z.string().trim().regex(/^ldaps?:\/\/[^\s/]+(:\d{1,5})?\/?$/i, 'must look like ldaps://dc01.contoso.com:636').optional(),
    startTls: z.boolean().optional(),
    caFile: z.string().trim().min(1).max(1024).optional(),
    serverName: z.string().trim().min(1).max(255).optional(),
  })
  .strict();
export type DirectoryCredentials = z.infer<typeof DirectoryCredentials>;

function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res, timeoutMs = 30_000) {
  return { request, response, timeoutMs };
}

export const CONTRACT = {
  'app:info': channel(z.object({}).strict(), AppInfo, 15_000),
  'lab:list-scenarios': channel(z.object({}).strict(), z.array(ScenarioSummary)),
  'lab:load-scenario': channel(z.object({ scenarioId: Id }).strict(), AppInfo, 60_000),
  /** Connect (or reconnect) to Active Directory; in lab mode the scenario's accounts are seeded there. */
  'directory:connect': channel(DirectoryCredentials, AppInfo, 60_000),
  'step:probe': channel(StepRef, Verdict, 60_000),
  /** null when the step has nothing to fix. */
  'step:plan': channel(StepRef, PlannedChange.nullable(), 60_000),
  'step:apply': channel(z.object({ planId: z.string().min(8).max(64) }).strict(), ApplyOutcome, 180_000),
  'triage:diagnose': channel(z.object({}).strict(), z.array(Finding), 60_000),
} as const;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export const CHANNELS = Object.freeze(Object.keys(CONTRACT) as Channel[]);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, name);
}

/** The IPC name on the wire; prefixed so nothing else on ipcMain can collide. */
export const wireName = (c: Channel) => `dsd:${c}`;

/** The API the preload exposes as window.dirsync (and the test bridge imitates). */
export type DirsyncApi = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
};
