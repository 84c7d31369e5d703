// Looking many values up in a few searches: one OR filter per chunk of values instead of one
// search per value. Each chunk's filter stays under a byte budget and a count of values, well under
// what a DC accepts in one request (Windows AD's MaxReceiveBuffer is 10 MB by default; Samba's
// authenticated request limit is larger than anything built here), and small enough that a slow
// chunk is one of many, so progress and cancel stay fine-grained.
import { utf8Length } from '../readiness/chunk-request';
import { escapeFilterValue } from './escape';

export interface OrFilterChunk {
  /** The values this filter looks for, in the order given. */
  values: string[];
  /** `(|term term …)`, every value escaped (RFC 4515). */
  filter: string;
}

export interface OrFilterLimits {
  /** At most this many UTF-8 bytes of filter a chunk. */
  maxBytes: number;
  /** At most this many values a chunk. */
  maxValues: number;
}

/** The budget the workbench uses: 16 KiB of filter or 200 values, whichever comes first. */
export const OR_FILTER_LIMITS: OrFilterLimits = { maxBytes: 16 * 1024, maxValues: 200 };

/**
 * The distinct values (first spelling kept, compared as given) cut into OR filters. `term` gets
 * each value already escaped and returns its filter terms, e.g. `(mail=${v})(userPrincipalName=${v})`.
 * Throws when one value's terms alone are over the byte budget (no filter could hold it).
 */
export function orFilterChunks(values: readonly string[], term: (escaped: string) => string, limits: OrFilterLimits = OR_FILTER_LIMITS): OrFilterChunk[] {
  if (limits.maxValues < 1) throw new Error('maxValues must be at least 1');
  const chunks: OrFilterChunk[] = [];
  let current: string[] = [];
  let terms: string[] = [];
  let bytes = 3; // "(|" and ")"
  const flush = () => {
    if (current.length) chunks.push({ values: current, filter: `(|${terms.join('')})` });
    current = [];
    terms = [];
    bytes = 3;
  };
  for (const value of new Set(values)) {
    const t = term(escapeFilterValue(value));
    const size = utf8Length(t);
    if (3 + size > limits.maxBytes)
      throw new Error(`the filter terms for "${value.slice(0, 80)}" alone are ${size} bytes, over the ${limits.maxBytes}-byte filter budget`);
    if (current.length >= limits.maxValues || bytes + size > limits.maxBytes) flush();
    current.push(value);
    terms.push(t);
    bytes += size;
  }
  flush();
  return chunks;
}
