import { describe, expect, it } from 'vitest';
import type { InstalledProgram, ServiceInfo } from '../domain/host';
import { cite, KB } from '../playbooks/kb-articles';
import type { Finding } from './finding';
import { detectSyncTool } from '../domain/sync-tool-detection';
import { needsAttention } from './needs-attention';

const entra: InstalledProgram = {
  displayName: 'Microsoft Entra Connect Sync',
  version: '2.4.18.0',
  publisher: 'Microsoft',
  productCode: '{6E3A46C8-9BEE-4E0F-9D4A-2F4B3C1D7E21}',
  uninstallString: null,
  registryView: '64',
  installLocation: null,
};
const adsync = (state: ServiceInfo['state']): ServiceInfo => ({
  name: 'ADSync',
  displayName: 'Microsoft Azure AD Sync',
  state,
  startType: 'automatic',
  logonAccount: 'LAB\\svc-adsync',
  processId: null,
});
const finding = (severity: Finding['severity']): Finding => ({
  id: 'x',
  severity,
  title: 't',
  cite: cite(KB.syncStopped),
  evidence: [],
  fixedBy: { playbookId: 'kb2882421', stepId: 'm1-endpoint' },
});

describe('the findings list as a whole', () => {
  it('needs attention when anything but information is listed', () => {
    expect(needsAttention([])).toBe(false);
    expect(needsAttention([finding('info')])).toBe(false);
    expect(needsAttention([finding('info'), finding('warning')])).toBe(true);
  });
});

describe('sync tool detection', () => {
  it('prefers the newest generation and tells 32-bit installs', () => {
    expect(detectSyncTool([entra]).generation).toBe('entra-connect');
    const d = detectSyncTool([{ ...entra, displayName: 'Windows Azure Active Directory Sync tool', registryView: '32' }]);
    expect(d).toMatchObject({ generation: 'dirsync', bitness: '32', supported: false });
    expect(detectSyncTool([{ ...entra, displayName: 'Windows Azure Active Directory Sync tool', registryView: '64' }], [], { is64Bit: false }).bitness).toBe(
      '32',
    );
    expect(detectSyncTool([], [adsync('stopped')]).generation).toBe('entra-connect');
    expect(detectSyncTool([]).generation).toBe('none');
  });
});
