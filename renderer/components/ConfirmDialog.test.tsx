// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ConfirmDialog } from './ConfirmDialog';
import { plan } from '../test/fixtures';

afterEach(cleanup);

describe('ConfirmDialog', () => {
  it('lists every planned change with target, property and from -> to', () => {
    const twoChanges = plan({
      changes: [
        { target: 'Service ADSync (Microsoft Azure AD Sync)', property: 'state', from: 'stopped', to: 'running' },
        { target: 'Account CN=svc,CN=Users,DC=lab', property: 'userAccountControl: ACCOUNTDISABLE', from: 'set', to: 'cleared' },
      ],
    });
    render(<ConfirmDialog plan={twoChanges} onConfirm={() => {}} onCancel={() => {}} />);
    const items = screen.getAllByTestId('planned-change').map((li) => li.textContent);
    expect(items).toEqual([
      'Service ADSync (Microsoft Azure AD Sync) state stopped → running',
      'Account CN=svc,CN=Users,DC=lab userAccountControl: ACCOUNTDISABLE set → cleared',
    ]);
    expect(screen.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
    expect(screen.getByText('These 2 changes will be made:')).toBeTruthy();
  });

  it('focuses the confirm button for a harmless plan and Cancel for a destructive one', () => {
    const { unmount } = render(<ConfirmDialog plan={plan()} onConfirm={() => {}} onCancel={() => {}} />);
    expect(document.activeElement?.textContent).toBe('Yes, make this change');
    unmount();
    render(<ConfirmDialog plan={plan({ destructive: true, reversible: false })} onConfirm={() => {}} onCancel={() => {}} />);
    expect(document.activeElement?.textContent).toBe('Cancel');
    expect(screen.getByTestId('destructive-warning').textContent).toContain('cannot undo it');
  });

  it('Escape cancels; the buttons call their handlers', () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(<ConfirmDialog plan={plan()} onConfirm={onConfirm} onCancel={onCancel} />);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByText('Yes, make this change'));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('keeps Tab inside the dialog', () => {
    render(<ConfirmDialog plan={plan()} onConfirm={() => {}} onCancel={() => {}} />);
    const dialog = screen.getByRole('dialog');
    const cancel = screen.getByText('Cancel');
    const confirm = screen.getByText('Yes, make this change');
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(dialog, { key: 'Tab' }); // past the last button wraps to the first
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true }); // before the first wraps to the last
    expect(document.activeElement).toBe(confirm);
  });

  it('gives focus back to the element that had it when the dialog closes', () => {
    const opener = document.createElement('button');
    opener.textContent = 'Fix this…';
    document.body.appendChild(opener);
    opener.focus();
    const { unmount } = render(<ConfirmDialog plan={plan()} onConfirm={() => {}} onCancel={() => {}} />);
    expect(document.activeElement).not.toBe(opener);
    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
