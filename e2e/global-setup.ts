// Build the renderer once before any test when dist/renderer is missing or older than its sources.
import { ensureRendererBuilt } from '../scripts/ensure-renderer-build.mjs';

export default async function globalSetup(): Promise<void> {
  const { built, reason } = await ensureRendererBuilt({ quiet: true });
  if (built) console.log(`[e2e] built the renderer (${reason})`);
}
