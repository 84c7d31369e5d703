// Compares a scan's findings with the seed manifest's expected findings: what is missing, what is
// there but not planted (a clean object flagged), and duplicates that do not name the right peers.
import type { ScanFinding } from '../shared/readiness/scan/finding';
import type { ExpectedFinding } from './scan-seed-plan';

const key = (dn: string, attribute: string, value: string) => `${dn.toLowerCase()}|${attribute.toLowerCase()}|${value.toLowerCase()}`;

export interface ManifestDiff {
  missing: string[];
  unexpected: string[];
  wrongPeers: string[];
}

export function compareWithManifest(
  findings: readonly Pick<ScanFinding, 'dn' | 'attribute' | 'value' | 'errors' | 'duplicates'>[],
  expected: readonly ExpectedFinding[],
): ManifestDiff {
  const got = new Map(findings.map((f) => [key(f.dn, f.attribute, f.value), f]));
  const want = new Map(expected.map((e) => [key(e.dn, e.attribute, e.value), e]));
  const missing: string[] = [];
  const wrongPeers: string[] = [];
  for (const [k, e] of want) {
    const f = got.get(k);
    const wantErrors = [...e.errors].sort().join(',');
    if (!f) missing.push(`${k} [${wantErrors}]`);
    else if ([...f.errors].sort().join(',') !== wantErrors) missing.push(`${k} [${wantErrors}] but found [${[...f.errors].sort().join(',')}]`);
    else if (e.peers) {
      const peers = [...new Set(f.duplicates.map((d) => d.dn.toLowerCase()))].sort().join(';');
      const wantPeers = e.peers
        .map((d) => d.toLowerCase())
        .sort()
        .join(';');
      if (peers !== wantPeers) wrongPeers.push(`${k}: names ${peers}, expected ${wantPeers}`);
    }
  }
  const unexpected = [...got.keys()].filter((k) => !want.has(k)).map((k) => `${k} [${[...got.get(k)!.errors].sort().join(',')}]`);
  return { missing, unexpected, wrongPeers };
}
