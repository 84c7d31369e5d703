// The one reader of a server-facts file the admin hands the app: a lab scenario, the legacy
// collector's output, or a support bundle (a zip whose server-facts.json is that same format).
// All three are validated as a scenario. The file is read with a size cap after a regular-file
// check, and a bundle's facts entry is inflated only up to a cap of its own (a zip bomb is refused).
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { isRemoteOrDevicePath } from '../security/ca-file';
import { parseScenario, ScenarioError, type Scenario } from './scenario';

/** A facts file (JSON) or a support bundle (zip) is at most this large. */
export const FACTS_FILE_MAX_BYTES = 16 * 1024 * 1024;
/** The server facts inside a bundle, inflated, are at most this large. */
export const FACTS_ENTRY_MAX_BYTES = 8 * 1024 * 1024;
/** The name of the facts inside a support bundle. */
export const BUNDLE_FACTS_ENTRY = 'server-facts.json';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads a whole regular file of at most `maxBytes`; anything else is a ScenarioError naming the file. */
export async function readBoundedFile(file: string, maxBytes: number): Promise<Buffer> {
  if (typeof file !== 'string' || file.trim() === '' || isRemoteOrDevicePath(file) || isRemoteOrDevicePath(path.resolve(file))) {
    throw new ScenarioError(`${file}: not a local file`);
  }
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path.resolve(file), flags);
  } catch (e) {
    throw new ScenarioError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ScenarioError(`${file}: not a regular file`);
    if (stat.size > maxBytes) throw new ScenarioError(`${file}: ${stat.size} bytes, more than the ${maxBytes} a facts file may have`);
    // One byte past the cap: a file that grew since fstat is still bounded.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new ScenarioError(`${file}: more than the ${maxBytes} bytes a facts file may have`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

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
  if (!facts) throw new ScenarioError(`${origin}: no ${BUNDLE_FACTS_ENTRY} (at most ${FACTS_ENTRY_MAX_BYTES} bytes) in this zip; is it a DirSync Doctor support bundle?`);
  if (facts.length > FACTS_ENTRY_MAX_BYTES) throw new ScenarioError(`${origin}: ${BUNDLE_FACTS_ENTRY} is larger than ${FACTS_ENTRY_MAX_BYTES} bytes`);
  return Buffer.from(facts).toString('utf8');
}

/** Parse facts from bytes: a bundle's facts entry, or JSON (a UTF-8 byte-order mark is allowed). */
export function parseFactsBytes(bytes: Uint8Array, origin: string): Scenario {
  const text = isZip(bytes) ? bundleFactsText(bytes, origin) : Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  return parseScenario(text, origin);
}

/** A scenario file, a collected server's facts, or a support bundle, from any local path. */
export async function loadFactsFile(file: string, origin = path.basename(file)): Promise<Scenario> {
  return parseFactsBytes(await readBoundedFile(file, FACTS_FILE_MAX_BYTES), origin);
}
