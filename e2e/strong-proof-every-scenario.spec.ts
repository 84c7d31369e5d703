// The strong proof through the window, for every shipped lab scenario: as an admin would, press
// "Check everything", take the offer of the first finding that has one (root causes are listed
// first; a symptom waiting for its cause offers nothing), the fix through the confirm dialog or
// "I did it: check again" where the lab plays the admin, go back and check everything again.
// After each action the finding is gone (a step that waits on the server, such as a wizard the
// lab closes by itself, gets the time a technician would give it), the window lists exactly what
// the diagnosis says, and each scenario ends with nothing left. electron/triage/strong-proof.test.ts
// is the same proof without the window, and also checks what replaces a finding. Every scenario,
// not a sample: a scenario added to assets/scenarios is proven here without a line of this file.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Bridge } from '../dev/bridge/server';
import type { Finding } from '../shared/findings/finding';
import { test, expect } from './support/fixtures';

const SCENARIOS = fs
  .readdirSync(path.resolve('assets/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

/** Scenarios whose point is that Windows refuses the offered action (Windows Installer's exit code): the proof ends at that refusal. */
const ENDS_AT_REFUSAL: ReadonlySet<string> = new Set(['dirsync-uninstall-1603', 'dirsync-uninstall-1618']);

/** For one scenario of each kind, the way through is pinned too: a fix the app makes, a change only the admin can make, cause before symptom, and each upgrade path chosen. */
const EXPECTED_START: Readonly<Record<string, readonly string[]>> = {
  'sync-service-stopped': ['sync-service-stopped → fix'],
  'logon-right-missing': ['service-logon-right-missing → attest'],
  'endpoint-blocked': ['endpoint-unreachable → attest', 'sync-run-failed → fix'],
  'dirsync-64bit-small': ['dirsync-in-place-upgrade-path → fix'],
  'dirsync-32bit-event-109': ['dirsync-uninstall-new-server-path → fix'],
  'dirsync-64bit-large': ['dirsync-different-computer-path → fix'],
};

const BUSY = /^(idle|probing|planning|confirming|applying)$/;

async function checkEverything(page: Page): Promise<string[]> {
  const check = page.getByTestId('findings').getByRole('button', { name: /^Check everything/ });
  await check.click();
  await expect(check).toBeEnabled({ timeout: 30_000 });
  const groups = page.getByTestId('findings').locator('[data-testid^="finding-group-"]');
  return (await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('finding-group-'.length)))) as string[];
}

async function diagnosed(bridge: Bridge): Promise<Finding[]> {
  const r = await bridge.call('triage:diagnose', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Waits (up to 60 s) while the step's own check cannot tell yet; then the proof goes on either way. */
async function waitWhileUndecided(bridge: Bridge, ref: { playbookId: string; stepId: string }): Promise<void> {
  for (const until = Date.now() + 60_000; Date.now() < until;) {
    const r = await bridge.call('step:probe', ref);
    if (!r.ok || r.value.status !== 'unknown') return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

type Taken = { how: 'fix' | 'attest'; failed: boolean } | null;

/** Open the finding's step and take what it offers; null when it offers nothing now. */
async function takeTheOffer(page: Page, findingId: string): Promise<Taken> {
  await page.getByTestId(`finding-${findingId}`).getByTestId('open-step').click();
  const step = page.getByTestId('step-detail');
  await expect(step).toBeVisible();
  await expect(step).not.toHaveAttribute('data-phase', BUSY, { timeout: 30_000 });
  const fix = page.getByTestId('fix-button');
  const attest = page.getByTestId('attest-button');
  let taken: Taken = null;
  if (await fix.isVisible()) {
    await fix.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('planned-change')).not.toHaveCount(0);
    await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
    await expect(dialog).toBeHidden();
    taken = { how: 'fix', failed: false };
  } else if (await attest.isVisible()) {
    await attest.click();
    taken = { how: 'attest', failed: false };
  }
  if (taken) {
    await expect(step).not.toHaveAttribute('data-phase', BUSY, { timeout: 60_000 });
    taken.failed = (await step.getAttribute('data-phase')) === 'fix-failed';
  }
  await page
    .getByRole('button', { name: /Back to the start page/ })
    .first()
    .click();
  await expect(page.getByTestId('home')).toBeVisible();
  return taken;
}

for (const scenario of SCENARIOS) {
  test.describe(scenario, () => {
    test.use({ scenarioId: scenario });

    test('practised to its end through the window: each finding goes when its offer is taken', async ({ app: page, bridge }) => {
      test.setTimeout(180_000);
      const story: string[] = [];
      const tries = new Map<string, number>();
      let shown = await checkEverything(page);
      for (let round = 0; round < 40 && shown.length > 0; round++) {
        // The window tells the truth: exactly the diagnosis' findings.
        const diagnosis = await diagnosed(bridge);
        expect(new Set(shown), `round ${round}: the window and the diagnosis agree\n${story.join('\n')}`).toEqual(new Set(diagnosis.map((f) => f.id)));
        const findingRefs = new Map(diagnosis.map((f) => [f.id, f.fixedBy?.stepId ? { playbookId: f.fixedBy.playbookId, stepId: f.fixedBy.stepId } : null]));
        let acted: { id: string; taken: NonNullable<Taken> } | null = null;
        for (const id of shown) {
          if ((tries.get(id) ?? 0) >= 2) continue;
          const taken = await takeTheOffer(page, id);
          if (taken) {
            tries.set(id, (tries.get(id) ?? 0) + 1);
            acted = { id, taken };
            break;
          }
        }
        expect(acted, `a finding with something to do is left: ${shown.join(', ')}\n${story.join('\n')}`).not.toBeNull();
        const { id, taken } = acted!;
        story.push(`${id} → ${taken.how}${taken.failed ? ' (refused)' : ''}`);
        if (taken.failed) {
          // Only where the scenario is about that refusal; it is shown, and the finding stays.
          expect(ENDS_AT_REFUSAL.has(scenario), `${id}: the offered ${taken.how} failed\n${story.join('\n')}`).toBe(true);
          expect(await checkEverything(page)).toContain(id);
          return;
        }
        // A step that waits on the server (the configuration wizard is open, the next export decides)
        // says "unknown" until it can tell: the technician finishes there and checks again, as the
        // lab's admin does by itself after a while.
        const where = findingRefs.get(id);
        if (where) await waitWhileUndecided(bridge, where);
        // Gone once everything is checked again.
        await expect
          .poll(async () => (shown = await checkEverything(page)), {
            message: `${id} after "Check everything"\n${story.join('\n')}`,
            timeout: 45_000,
            intervals: [0, 1000, 2000],
          })
          .not.toContain(id);
      }
      const start = EXPECTED_START[scenario];
      if (start) expect(story.slice(0, start.length), 'the way through').toEqual(start);
      expect(ENDS_AT_REFUSAL.has(scenario), `${scenario} should have ended at its refusal\n${story.join('\n')}`).toBe(false);
      expect(shown, `left at the end\n${story.join('\n')}`).toEqual([]);
      await expect(page.getByTestId('what-was-checked')).toBeVisible();
    });
  });
}
