// The directory connection flags every CLI command shares (diagnose, fix, gap, scan, scan apply,
// scan undo), declared once: the node:util parseArgs options and the zod fields that check them.
import { z } from 'zod';

export const CONNECTION_FLAG_OPTIONS = {
  url: { type: 'string' },
  bind: { type: 'string' },
  'password-env': { type: 'string' },
  'ca-file': { type: 'string' },
  'server-name': { type: 'string' },
  'start-tls': { type: 'boolean' },
} as const;

export const CONNECTION_FLAG_FIELDS = {
  url: z
    .string()
    .regex(/^ldaps?:\/\/[^\s/]+(:\d+)?\/?$/i, '--url must look like ldaps://host:636')
    .optional(),
  bind: z.string().min(1, '--bind is empty').optional(),
  'password-env': z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '--password-env takes a variable name')
    .optional(),
  'ca-file': z.string().min(1).optional(),
  'server-name': z.string().min(1).optional(),
  'start-tls': z.boolean().optional(),
};
