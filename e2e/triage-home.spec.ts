// The triage home: the diagnosis runs by itself, sync status (last export, next cycle, the tool's
// support) sits on top, the root cause comes first, "Check everything" moves focus to the result and
// announces it; the symptom picker leads where it says; article links open only allowed Microsoft
// pages (through the main process, recorded by the bridge); the audit-log view shows a fix just
// made; a skip link; axe on every new view in both themes.
import type { Page } from '@playwright/test';
import { SYMPTOMS } from '../shared/home/symptoms';
import { MS_ARTICLES } from '../shared/home/microsoft-articles';
import { findStep } from '../shared/playbooks/index';
import { seriousViolations } from './support/axe';
import { test, expect, openFinding } from './support/fixtures';

async function findingsReady(page: Page) {
  await expect(page.getByTestId('findings')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('aria-busy', 'false');
}

test.describe('several problems (scheduler turned off, no recent sync)', () => {
  test.use({ scenarioId: 'scheduler-disabled' });

  test('runs the diagnosis by itself: root cause first, last export and why no next cycle, the tool and its support', async ({ app: page }) => {
    await findingsReady(page);
    // The stale sync follows from the scheduler turned off: listed under it, not beside it.
    const items = page.getByTestId('findings-list').locator(':scope > li');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toHaveAttribute('data-testid', 'finding-group-scheduler-disabled');
    const cause = page.getByTestId('finding-scheduler-disabled');
    await expect(cause).toContainText('Start here');
    // The cause's card has its own one "Open the step"; its symptom's is in the symptom's card.
    await expect(cause.getByTestId('open-step')).toHaveCount(1);
    await expect(cause.getByTestId('open-step')).toContainText('Open the step');
    const under = items.first().getByTestId('caused-by-scheduler-disabled').locator(':scope > li');
    await expect(under).toHaveCount(1);
    await expect(under.first()).toHaveAttribute('data-testid', 'finding-group-no-recent-successful-sync');
    await expect(page.getByTestId('finding-no-recent-successful-sync').getByTestId('follows-from')).toContainText('fix that first');

    await expect(page.getByTestId('sync-working')).toHaveAttribute('data-working', 'no');
    // The last export with its date and time (a <time> in local time) and how long ago; no next cycle, and why.
    const last = page.getByTestId('last-export').locator('time').first();
    await expect(last).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
    await expect(page.getByTestId('last-export')).toContainText(/\d{4}/);
    await expect(page.getByTestId('last-export')).toContainText(/days? ago/);
    await expect(page.getByTestId('next-cycle')).toContainText('the scheduler is turned off');
    await expect(page.getByTestId('tool-support')).toContainText('2.6.84.0');
    await expect(page.getByTestId('tool-support')).toContainText('Supported');

    // The status and the findings come before everything else on the page.
    const order = await page
      .getByTestId('home')
      .locator(':scope > section')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order.slice(0, 3)).toEqual(['sync-status', 'findings', 'symptom-picker']);
  });

  test('"Check everything" re-runs it, moves focus to the result and announces it', async ({ app: page }) => {
    await findingsReady(page);
    await page.getByRole('button', { name: 'Check everything again' }).click();
    await expect(page.getByTestId('findings').getByRole('heading', { level: 2 })).toBeFocused();
    await expect(page.getByTestId('findings').getByRole('heading', { level: 2 })).toHaveText('What is wrong (2)');
    await expect(page.getByTestId('findings-announcement')).toHaveText(/^Check finished: 2 problems found\. First: The scheduler is turned off/);
  });
});

test.describe('a healthy Entra Connect server', () => {
  test('says sync works with the last and next times, lists what was checked, and offers only the playbooks that fit', async ({ app: page }) => {
    await findingsReady(page);
    await expect(page.getByTestId('sync-working')).toHaveAttribute('data-working', 'yes');
    await expect(page.getByTestId('next-cycle').locator('time')).toHaveAttribute('datetime', /^\d{4}-/);
    await expect(page.getByTestId('next-cycle')).toContainText(/in \d+ (minute|second|hour)s?/);
    await expect(page.getByTestId('findings').getByRole('heading', { level: 2 })).toHaveText('No problems found');
    const checked = page.getByTestId('what-was-checked').getByRole('listitem');
    expect(await checked.count()).toBeGreaterThan(10);
    await expect(page.getByTestId('what-was-checked')).toContainText('scheduler');

    const playbooks = page.getByTestId('playbooks');
    await expect(playbooks.locator(':scope > ul').getByRole('button', { name: /^Start:/ })).toHaveCount(1);
    await expect(page.getByTestId('start-kb2882421')).toBeVisible();
    await expect(page.getByTestId('start-dirsync-in-place-upgrade')).toBeHidden();
    await page.getByTestId('all-playbooks').locator('summary').click();
    await expect(page.getByTestId('start-dirsync-in-place-upgrade')).toBeVisible();
  });

  test('every symptom of the picker leads where it says', async ({ app: page }) => {
    await findingsReady(page);
    for (const symptom of SYMPTOMS) {
      await page.getByTestId(`symptom-${symptom.id}`).check();
      const answer = page.getByTestId('symptom-answer');
      await expect(answer.getByRole('heading')).toHaveText(symptom.label);
      await expect(answer.getByTestId('article-link')).toHaveCount(symptom.read.length);
      for (const [i, a] of symptom.read.entries()) await expect(answer.getByTestId('article-link').nth(i)).toHaveAttribute('href', a.url);
      const go = answer.getByTestId('symptom-go');
      const t = symptom.target;
      if (t.kind === 'explain') {
        await expect(go, symptom.id).toHaveCount(0);
        continue;
      }
      await go.click();
      if (t.kind === 'scan') {
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Directory readiness workbench');
        if (t.error) await expect(page.getByTestId(`chip-${t.error}`)).toHaveAttribute('aria-pressed', 'true');
        else for (const chip of await page.locator('[data-testid^="chip-"]').all()) await expect(chip).toHaveAttribute('aria-pressed', 'false');
        await page.getByRole('link', { name: '← Back to the check-up' }).click();
      } else {
        // A step of KB 2882421 on this Connect server (the tool symptom: its build step).
        const stepId = t.kind === 'step' ? t.stepId! : 'm1-s1-tool-supported';
        await expect(page.getByTestId('wizard')).toBeVisible();
        await expect(page.locator('#step-title')).toContainText(findStep('kb2882421', stepId)!.title);
        await page.getByRole('button', { name: '← Back to the start page' }).click();
      }
      await expect(page.getByTestId('symptom-picker')).toBeVisible();
    }
  });

  test('an article link opens only an allowed Microsoft address, in the browser, not in the app', async ({ app: page, bridge }) => {
    await page.getByTestId('symptom-password-hash-sync').check();
    const before = page.url();
    await page.getByTestId('symptom-picker').getByTestId('article-link').first().click();
    await expect.poll(() => bridge.openedLinks.length).toBe(1);
    expect(bridge.openedLinks).toEqual([MS_ARTICLES.passwordHashSync.url]);
    expect(page.url()).toBe(before);
    // Anything else asked of the main process is refused and never reaches the browser.
    for (const url of ['https://evil.example/', 'https://learn.microsoft.com.evil.example/', 'http://learn.microsoft.com/', 'file:///etc/passwd']) {
      const r = await bridge.call('shell:open-external', { url });
      expect(r).toEqual({ ok: true, value: { opened: false } });
    }
    expect(bridge.openedLinks).toEqual([MS_ARTICLES.passwordHashSync.url]);
  });

  test('a skip link takes the keyboard past the header to the page', async ({ app: page }) => {
    // Back to the top by keyboard: it is the first stop of the page, before the header's controls.
    for (let i = 0; i < 4 && !(await page.getByTestId('skip-link').evaluate((a) => a === a.ownerDocument.activeElement)); i++)
      await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId('skip-link')).toBeFocused();
    await expect(page.getByTestId('skip-link')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
    await page.keyboard.press('Tab');
    const focusedInMain = await page
      .locator('main#main')
      .evaluate((main) => main !== main.ownerDocument.activeElement && main.contains(main.ownerDocument.activeElement));
    expect(focusedInMain).toBe(true);
  });
});

test.describe('audit log', () => {
  test.use({ scenarioId: 'sync-service-stopped' });

  test('shows the lines of a fix just made: when, who, before and after, the result, the chain intact; filters work', async ({ app: page }) => {
    await openFinding(page, 'sync-service-stopped');
    await page.getByTestId('fix-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, make this change' }).click();
    await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');

    await page.goto(`${new URL(page.url()).origin}/#/audit`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    await expect(page.getByTestId('audit-verification')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('audit-verification')).toContainText('Intact');
    const entry = page.getByTestId('audit-entry').first();
    await expect(entry).toContainText('Succeeded');
    await expect(entry).toContainText('Service ADSync');
    await expect(entry.getByRole('table')).toContainText(/Stopped|stopped/);
    await expect(entry.getByRole('table')).toContainText(/Running|running/);
    await expect(entry).toContainText('Checked again');
    const action = (await entry.getAttribute('data-action'))!;

    await page.getByTestId('audit-action').selectOption(action);
    await expect(page.getByTestId('audit-entry')).toHaveCount(await page.locator(`[data-testid="audit-entry"][data-action="${action}"]`).count());
    const today = (await page.getByTestId('audit-day').locator('option').nth(1).getAttribute('value'))!;
    await page.getByTestId('audit-day').selectOption(today);
    await expect(page.getByTestId('audit-entry').first()).toBeVisible();
    await expect(page.getByTestId('audit-count')).toContainText('shown');
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${colorScheme} theme`, () => {
    test.use({ scenarioId: 'scheduler-disabled' });
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme });
    });

    test('home with findings, a symptom answer, all playbooks, the screenshot panel, the audit log', async ({ app: page }) => {
      await findingsReady(page);
      await page.getByTestId('symptom-duplicate-upn-mail').check();
      await page.getByTestId('all-playbooks').locator('summary').click();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('screenshot-button').click();
      await expect(page.getByTestId('screenshot-case')).toBeFocused();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('screenshot-button')).toBeFocused();
      await page.getByTestId('open-audit').click();
      await expect(page.getByTestId('audit-count')).toContainText('shown');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
