// What the home screen shows: where the app is connected and which sync tool it found.
import { z } from 'zod';
import { SyncToolGeneration } from './host';

/** Where the installed sync tool stands, as the diagnosis' tool step judged it (shared/home/tool-standing.ts). */
export const ToolStanding = z.enum(['supported', 'unsupported', 'retired', 'unknown', 'none']);
export type ToolStanding = z.infer<typeof ToolStanding>;

export const AppMode = z.enum(['windows', 'lab']);
export type AppMode = z.infer<typeof AppMode>;

export const AppInfo = z.object({
  version: z.string(),
  mode: AppMode,
  /** The scenario loaded in lab mode; null on a real server. */
  scenario: z.object({ id: z.string(), title: z.string() }).nullable(),
  /**
   * Set when the lab shows a server from a facts file: the legacy collector's output (a server the
   * app cannot run on) or a support bundle. The app cannot change that server from here.
   */
  collected: z
    .object({ kind: z.enum(['collector', 'support-bundle']), at: z.string(), by: z.string(), computerName: z.string(), notes: z.array(z.string()) })
    .nullable()
    .optional(),
  host: z.object({
    computerName: z.string(),
    domain: z.string().nullable(),
    os: z.string(),
    is64Bit: z.boolean(),
    isElevated: z.boolean(),
  }),
  directory: z.object({
    kind: z.enum(['ldap', 'memory', 'none']),
    connected: z.boolean(),
    domain: z.string().nullable(),
    server: z.string().nullable(),
    /** Why it is not connected, in words. */
    problem: z.string().nullable(),
  }),
  syncTool: z.object({
    generation: SyncToolGeneration,
    label: z.string(),
    version: z.string().nullable(),
    bitness: z.enum(['32', '64']).nullable(),
    /** status === 'supported': kept for tools that read it. */
    supported: z.boolean(),
    /** Read from the diagnosis' own tool step (shared/home/tool-standing.ts), never judged apart. */
    status: ToolStanding,
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ScenarioSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;
