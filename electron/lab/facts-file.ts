// The one reader of a server-facts file the admin hands the app: a lab scenario, the legacy
// collector's output, or a support bundle (a zip whose server-facts.json is that same format).
// All three are validated as a scenario. The file is read with a size cap after a regular-file
// check (electron/files/bounded-file.ts), and a bundle's facts entry is inflated only up to a cap of its own (a zip bomb is refused).
import path from 'node:path';
import { unzipSync } from 'fflate';
import { BoundedFileError, FILE_KINDS, readBoundedFile } from '../files/bounded-file';
import { parseScenario, ScenarioError, type Scenario } from './scenario';

/** A facts file (JSON) or a support bundle (zip) is at most this large. */
export const FACTS_FILE_MAX_BYTES = FILE_KINDS.facts.maxBytes;
/** The server facts inside a bundle, inflated, are at most this large. */
export const FACTS_ENTRY_MAX_BYTES = 8 * 1024 * 1024;
/** The name of the facts inside a support bundle. */
export const BUNDLE_FACTS_ENTRY = 'server-facts.json';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export const isZip = (bytes: Uint8Array) => ZIP_MAGIC.every((b, i) => bytes[i] === b);

/** The facts text of a bundle: its server-facts.json, inflated only when its declared size fits. */
export function bundleFactsText(bytes: Uint8Array, origin: string): string {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => f.name === BUNDLE_FACTS_ENTRY && f.originalSize <= FACTS_ENTRY_MAX_BYTES,
    });
  } catch (e) {
    throw new ScenarioError(`${origin}: not a readable zip (${(e as Error).message})`);
  }
  const facts = entries[BUNDLE_FACTS_ENTRY];
  if (!facts)
    throw new ScenarioError(`${origin}: no ${BUNDLE_FACTS_ENTRY} (at most ${FACTS_ENTRY_MAX_BYTES} bytes) in this zip; is it a DirSync Doctor support bundle?`);
  if (facts.length > FACTS_ENTRY_MAX_BYTES) throw new ScenarioError(`${origin}: ${BUNDLE_FACTS_ENTRY} is larger than ${FACTS_ENTRY_MAX_BYTES} bytes`);
  return Buffer.from(facts).toString('utf8');
}

/** Parse facts from bytes: a bundle's facts entry, or JSON (a UTF-8 byte-order mark is allowed). */
export function parseFactsBytes(bytes: Uint8Array, origin: string): Scenario {
  const text = isZip(bytes)
    ? bundleFactsText(bytes, origin)
    : Buffer.from(bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
  return parseScenario(text, origin);
}

/** A scenario file, a collected server's facts, or a support bundle, from any local path. */
export async function loadFactsFile(file: string, origin = path.basename(file)): Promise<Scenario> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, 'facts');
  } catch (e) {
    throw e instanceof BoundedFileError ? new ScenarioError(e.message) : e;
  }
  return parseFactsBytes(bytes, origin);
}
