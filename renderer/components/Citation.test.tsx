// @vitest-environment happy-dom
// A citation the admin can follow: the KB line, the article's title and a link to a public page;
// a retired article says so and links Microsoft's current page. Nothing internal is shown.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Citation } from './Citation';
import { KB, cite } from '../../shared/playbooks/kb-articles';
import { ApiProvider } from '../api/app-api';
import { fakeApi } from '../test/fake-api';

afterEach(cleanup);

function show(c: ReturnType<typeof cite>) {
  render(
    <ApiProvider api={fakeApi().api}>
      <Citation cite={c} testId="c" />
    </ApiProvider>,
  );
  return screen.getByTestId('c');
}

describe('Citation', () => {
  it('shows KB 2882421, the title and a link to the article', () => {
    const el = show(cite(KB.syncStopped, 'Method 2', '3'));
    expect(el.textContent).toContain('KB 2882421 · Method 2 · Step 3');
    expect(el.textContent).toContain(KB.syncStopped.title);
    const link = el.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://support.microsoft.com/help/2882421');
    expect(el.textContent).not.toMatch(/NOTES|KB kit|\.txt|§/);
  });

  it('says a retired article is retired and links the current page', () => {
    const el = show(cite(KB.installUpgrade, 'Upgrade', '1'));
    expect(el.textContent).toContain('Retired article');
    expect(el.querySelector('a')!.getAttribute('href')).toBe('https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-dirsync-upgrade-get-started');
  });
});
