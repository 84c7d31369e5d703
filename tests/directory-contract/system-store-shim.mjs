// Test-only preload (system-trust.test.ts): on a Node without tls.getCACertificates (Node < 22.15),
// gives it the shape Electron 45's Node has, with "the system store" read from DSD_TEST_SYSTEM_STORE,
// so the app's code path for Electron runs here against the lab DC. Does nothing on a newer Node.
import fs from 'node:fs';
import tls from 'node:tls';

if (typeof tls.getCACertificates !== 'function') {
  const file = process.env.DSD_TEST_SYSTEM_STORE;
  const system = file ? (fs.readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? []) : [];
  tls.getCACertificates = (kind = 'default') => (kind === 'system' ? [...system] : [...tls.rootCertificates]);
}
