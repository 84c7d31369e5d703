// The strong proof through the window, for a representative scenario of each playbook: the
// admin opens the finding, takes the step's offer (the fix through the confirm dialog, or for a
// step the app cannot do, "I did it: check again", where the lab plays the admin), goes back,
// presses "Check everything", and the finding is gone. The full proof over every scenario is
// electron/triage/strong-proof.test.ts; this one proves the window's path is the same.
import type { Page } from '@playwright/test';
import { test, expect, openFinding } from './support/fixtures';

const BUSY = /^(probing|planning|confirming|applying)$/;

/** Open the finding's step and take what it offers; returns what was done. */
async function takeTheOffer(page: Page, findingId: string): Promise<'fix' | 'attest'> {
  await openFinding(page, findingId);
  const step = page.getByTestId('step-detail');
  await expect(step).not.toHaveAttribute('data-phase', /^(idle|probing)$/);
  const fix = page.getByTestId('fix-button');
  const attest = page.getByTestId('attest-button');
  await expect(fix.or(attest).first()).toBeVisible();
  let how: 'fix' | 'attest';
  if (await fix.isVisible()) {
    await fix.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('planned-change')).not.toHaveCount(0);
    await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
    await expect(dialog).toBeHidden();
    how = 'fix';
  } else {
    await attest.click();
    how = 'attest';
  }
  await expect(step).not.toHaveAttribute('data-phase', BUSY, { timeout: 30_000 });
  await expect(step).not.toHaveAttribute('data-phase', 'fix-failed');
  await page
    .getByRole('button', { name: /Back to the start page/ })
    .first()
    .click();
  await expect(page.getByTestId('home')).toBeVisible();
  return how;
}

async function checkEverything(page: Page): Promise<void> {
  const check = page.getByTestId('findings').getByRole('button', { name: /^Check everything/ });
  await check.click();
  await expect(check).toBeEnabled();
}

const CASES: { scenario: string; playbook: string; steps: { finding: string; how: 'fix' | 'attest' }[] }[] = [
  // KB 2882421, a fix the app makes.
  { scenario: 'sync-service-stopped', playbook: 'sync stopped: a fix', steps: [{ finding: 'sync-service-stopped', how: 'fix' }] },
  // KB 2882421, a change only the admin can make (a Group Policy right): the lab plays the admin.
  { scenario: 'logon-right-missing', playbook: 'sync stopped: by hand', steps: [{ finding: 'service-logon-right-missing', how: 'attest' }] },
  // Cause before symptom: the proxy first (by hand), then the failed run's own fix works.
  {
    scenario: 'endpoint-blocked',
    playbook: 'sync stopped: cause, then symptom',
    steps: [
      { finding: 'endpoint-unreachable', how: 'attest' },
      { finding: 'sync-run-failed', how: 'fix' },
    ],
  },
  // The three upgrade paths: the recommended one is chosen (a record), and its finding moves on.
  { scenario: 'dirsync-64bit-small', playbook: 'DirSync in place', steps: [{ finding: 'dirsync-in-place-upgrade-path', how: 'fix' }] },
  { scenario: 'dirsync-32bit-event-109', playbook: 'DirSync uninstall and new server', steps: [{ finding: 'dirsync-uninstall-new-server-path', how: 'fix' }] },
  { scenario: 'dirsync-64bit-large', playbook: 'DirSync on a different computer', steps: [{ finding: 'dirsync-different-computer-path', how: 'fix' }] },
];

for (const c of CASES) {
  test.describe(`${c.playbook} (${c.scenario})`, () => {
    test.use({ scenarioId: c.scenario });

    test('each finding goes when its offer is taken and everything is checked again', async ({ app: page, bridge }) => {
      test.setTimeout(90_000);
      for (const s of c.steps) {
        await checkEverything(page);
        await expect(page.getByTestId(`finding-${s.finding}`)).toBeVisible();
        expect(await takeTheOffer(page, s.finding), s.finding).toBe(s.how);
        await checkEverything(page);
        await expect(page.getByTestId(`finding-${s.finding}`), `${s.finding} after "Check everything"`).toHaveCount(0);
        // The window and the diagnosis agree.
        const diagnosis = await bridge.call('triage:diagnose', {});
        if (!diagnosis.ok) throw new Error(diagnosis.error.message);
        expect(diagnosis.value.map((f) => f.id)).not.toContain(s.finding);
      }
    });
  });
}
