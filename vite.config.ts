// Builds the renderer into dist/renderer with relative URLs, so the same files load from the
// Electron app protocol, from the packaged app and from the test bridge.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes the modules the renderer bundle holds, in esbuild's metafile shape, to
 * dist/renderer-inputs.json: scripts/build-electron.mjs reads it for the third-party notices.
 */
function bundledInputs(): Plugin {
  return {
    name: 'dsd-bundled-inputs',
    apply: 'build',
    generateBundle(_options, bundle) {
      const inputs: Record<string, object> = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of Object.keys(chunk.modules)) inputs[path.relative(repoRoot, id.replace(/^\0/, ''))] = {};
      }
      mkdirSync(path.join(repoRoot, 'dist'), { recursive: true });
      writeFileSync(path.join(repoRoot, 'dist', 'renderer-inputs.json'), JSON.stringify({ inputs }, null, 1));
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), bundledInputs()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Source maps would ship the sources inside the installer; the bridge and tests do not need them.
    sourcemap: false,
    target: 'es2022',
  },
  // The renderer imports ../shared; the dev server must be allowed to read it.
  server: { fs: { allow: [repoRoot] } },
});
