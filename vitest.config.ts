import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,dev,scripts,tests}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules', 'dist', 'e2e'],
    // Tests that talk to the Samba DC share one server; files run in parallel, each test file owns its accounts.
    testTimeout: 20_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/setup/lab-dc.ts'],
  },
});
