// The seed plan against the scan engine in memory: every planted finding is made, nothing else
// (clean and skipped objects stay clean). The same check runs against Samba in
// electron/readiness/scan/scanner.samba.test.ts and, at 100,000 objects, in scripts/check-scan-seed.ts.
import { describe, expect, it } from 'vitest';
import type { ScanFinding } from '../shared/readiness/scan/finding';
import { MemoryDirectory } from '../electron/directory/memory-directory';
import { runScan } from '../electron/readiness/scan/scanner';
import { compareWithManifest } from './scan-seed-check';
import { planSeed } from './scan-seed-plan';

describe('scan seed plan', () => {
  it('plants every case at least once and about 2% problems', () => {
    const plan = planSeed(5000, 'DC=lab,DC=example,DC=com');
    expect(plan.objects.length).toBeGreaterThanOrEqual(5000);
    const planted = plan.objects.filter((o) => o.kind !== 'clean' && !o.kind.startsWith('clean-') && !o.kind.startsWith('skipped-')).length;
    expect(planted / plan.objects.length).toBeGreaterThan(0.015);
    expect(planted / plan.objects.length).toBeLessThan(0.03);
    expect(new Set(plan.objects.map((o) => o.dn)).size).toBe(plan.objects.length);
  });

  it('the scan of the planted directory in memory makes exactly the manifest findings', async () => {
    const dir = new MemoryDirectory();
    const admin = dir.labAdmin();
    const plan = planSeed(600, dir.baseDn);
    await admin.createOrganizationalUnit('ScanSeed');
    for (let p = 0; p < plan.partDns.length; p++) await admin.createOrganizationalUnit(`Part${p}`, plan.ouDn);
    for (const o of plan.objects) await admin.addObject(o.dn, o.attributes);
    const findings: ScanFinding[] = [];
    const byId = new Map<string, ScanFinding>();
    await runScan(dir, { baseDns: [plan.ouDn], onFinding: (f) => byId.set(f.id, f) });
    findings.push(...byId.values());
    const diff = compareWithManifest(findings, plan.expected);
    expect(diff.missing).toEqual([]);
    expect(diff.unexpected).toEqual([]);
    expect(diff.wrongPeers).toEqual([]);
  });
});
