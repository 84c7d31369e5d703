// Zod pieces for the value shapes Windows PowerShell 5.1 puts in JSON, so each script's output
// schema can read them strictly: arrays that ConvertTo-Json collapsed to one object or to null,
// `/Date(ms)/` dates next to ISO ones, enums written as numbers or as names.
import { z } from 'zod';
import type { EventLevel, ServiceStartType, ServiceState } from '../../../shared/domain/host';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list as ConvertTo-Json writes it: an array, a single object (one-element pipeline) or null (empty). */
export function psArray<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => {
    if (v === null) return [];
    if (isPlainObject(v)) return [v];
    return v;
  }, z.array(item));
}

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const isoWithOffset = z.iso.datetime({ offset: true });

/**
 * A point in time as ISO 8601 with offset. Accepts the ISO text the scripts write ('o' format),
 * PowerShell 5.1's own DateTime serialisation `/Date(1714557600000)/` (UTC milliseconds, the
 * optional +hhmm suffix only says which zone it was shown in), and Get-Date's wrapper object
 * `{ value: '/Date(..)/', DisplayHint, DateTime }`.
 */
export const psDate = z.unknown().transform((input, ctx): string => {
  const raw = isPlainObject(input) && 'value' in input ? input.value : input;
  if (typeof raw === 'string') {
    const ms = MS_DATE.exec(raw);
    if (ms) {
      const date = new Date(Number(ms[1]));
      if (!Number.isNaN(date.getTime())) return date.toISOString();
    } else if (isoWithOffset.safeParse(raw).success) {
      return raw;
    }
  }
  ctx.issues.push({
    code: 'custom',
    message: `expected an ISO 8601 date with offset or /Date(ms)/, got ${describe(raw)}`,
    input,
  });
  return z.NEVER;
});

export const psNullableDate = z.union([z.null(), psDate]);

/** Text the registry may hold as a string or a DWORD (e.g. DisplayVersion); empty means absent. */
export const psText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined) return null;
    const text = String(v).trim();
    return text === '' ? null : text;
  });

/** A DWORD flag the registry may also hold as a string ("1"). */
export const psFlag = z
  .union([z.number().int(), z.string().regex(/^\s*-?\d+\s*$/, 'expected a whole number')])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : Number(v)));

/** Lower-case, no spaces, underscores or hyphens: 'Start Pending', 'StartPending' and 'start-pending' meet. */
const squash = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 60)}...` : v}'`;
  if (v === undefined) return 'nothing';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : v === null ? 'null' : 'an object';
  return String(v);
}

/** Builds a field parser from a name table (matched squashed) and a number table. */
function psEnum<T extends string>(label: string, names: Record<string, T>, numbers: Record<number, T>) {
  return z.unknown().transform((input, ctx): T => {
    const found = typeof input === 'string' ? names[squash(input)] : typeof input === 'number' ? numbers[input] : undefined;
    if (found !== undefined) return found;
    ctx.issues.push({ code: 'custom', message: `unknown ${label} ${describe(input)}`, input });
    return z.NEVER;
  });
}

/**
 * Service state: Win32_Service.State text ('Start Pending'), ServiceControllerStatus names
 * ('StartPending') or its numbers (1 Stopped ... 7 Paused, as Get-Service | ConvertTo-Json writes them).
 * 'Unknown' is rejected: nothing sensible can be done with it.
 */
export const psServiceState = psEnum<ServiceState>(
  'service state',
  {
    running: 'running',
    stopped: 'stopped',
    startpending: 'start-pending',
    stoppending: 'stop-pending',
    paused: 'paused',
    continuepending: 'continue-pending',
    pausepending: 'pause-pending',
  },
  { 1: 'stopped', 2: 'start-pending', 3: 'stop-pending', 4: 'running', 5: 'continue-pending', 6: 'pause-pending', 7: 'paused' },
);

type BaseStartType = Exclude<ServiceStartType, 'automatic-delayed'>;

/**
 * Start type: Win32_Service.StartMode ('Auto', 'Manual', 'Disabled', 'Boot', 'System'),
 * ServiceStartMode names ('Automatic') or numbers (0 Boot, 1 System, 2 Automatic, 3 Manual, 4 Disabled).
 * Boot and System (driver start types) count as automatic: they start without anyone asking.
 */
export const psStartMode = psEnum<BaseStartType>(
  'start type',
  { auto: 'automatic', automatic: 'automatic', manual: 'manual', disabled: 'disabled', boot: 'automatic', system: 'automatic' },
  { 0: 'automatic', 1: 'automatic', 2: 'automatic', 3: 'manual', 4: 'disabled' },
);

export function combineStartType(mode: BaseStartType, delayed: boolean | null | undefined): ServiceStartType {
  return mode === 'automatic' && delayed === true ? 'automatic-delayed' : mode;
}

/**
 * Event level: the numeric level of an EventLogRecord (1 critical, 2 error, 3 warning, 4 information,
 * 5 verbose; 0 is what classic event sources write for information), or the English display name.
 */
export const psEventLevel = psEnum<EventLevel>(
  'event level',
  { critical: 'critical', error: 'error', warning: 'warning', information: 'information', verbose: 'verbose' },
  { 0: 'information', 1: 'critical', 2: 'error', 3: 'warning', 4: 'information', 5: 'verbose' },
);
