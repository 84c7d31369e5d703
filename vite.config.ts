// Builds the renderer into dist/renderer with relative URLs, so the same files load from the
// Electron app protocol, from the packaged app and from the test bridge.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
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
