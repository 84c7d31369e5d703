// @vitest-environment happy-dom
// The scan status says why a re-scan read everything (another DC, another scope, a state from an
// older version), the reason the engine gave, and says nothing of the kind after an incremental one.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanSummaryInfo } from '../../shared/readiness/ipc';
import { fakeApi } from '../test/fake-api';
import { createWorkbenchStore } from './workbench-store';
import { WorkbenchPage } from './WorkbenchPage';

afterEach(cleanup);

const summary = (s: Partial<ScanSummaryInfo>): ScanSummaryInfo => ({
  mode: 'full',
  fullScanReason: null,
  objectsInScope: 12,
  findings: 0,
  byError: {},
  quota: { limit: 50_000, inScope: 12, over: false, advice: null },
  durationMs: 5,
  ...s,
});

describe('WorkbenchPage scan status', () => {
  it('a re-scan that read everything says why', () => {
    const store = createWorkbenchStore(fakeApi().api, { pollMs: 0 });
    const reason =
      'the saved scan was read from dc9.other.example.com (invocationId 1); dc01.lab.example.com has invocationId 2, so its change numbers do not compare: scanning in full';
    store.setState({ scanStatus: 'done', summary: summary({ fullScanReason: reason }) });
    render(<WorkbenchPage store={store} />);
    expect(screen.getByTestId('scan-full-reason').textContent).toBe(`Everything was read again, not only the changes: ${reason}.`);
  });

  it('an incremental re-scan or a first scan gives no reason', () => {
    const store = createWorkbenchStore(fakeApi().api, { pollMs: 0 });
    store.setState({ scanStatus: 'done', summary: summary({ mode: 'incremental' }) });
    render(<WorkbenchPage store={store} />);
    expect(screen.getByTestId('scan-status').textContent).toMatch(/changes since the last scan/);
    expect(screen.queryByTestId('scan-full-reason')).toBeNull();
  });
});
