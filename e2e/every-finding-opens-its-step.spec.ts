// Every finding of every lab scenario, through the UI: load the scenario with the lab banner's
// picker, run "Check everything", and each finding's "Open the step" link opens a step that
// exists, its title shown. The UI's list is compared with the diagnosis the bridge returns, so
// no finding is skipped, and no finding is without its step.
import { PLAYBOOKS } from '../shared/playbooks/index';
import { test, expect } from './support/fixtures';

// In parts, each with its own time limit: the scenarios grow (61 now), one test for all of them
// outgrew any fixed limit on a loaded machine.
const PARTS = 4;

for (let part = 0; part < PARTS; part++) {
  test(`each finding of each lab scenario opens an existing step with its title visible (part ${part + 1} of ${PARTS})`, async ({ app: page, bridge }) => {
    test.setTimeout(120_000);
    const list = await bridge.call('lab:list-scenarios', {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.length).toBeGreaterThan(30);
    const scenarios = list.value.filter((_, i) => i % PARTS === part);
    const check = page.getByTestId('findings').getByRole('button', { name: /^Check everything/ });
    let opened = 0;
    let findings = 0;

    for (const scenario of scenarios) {
      await page.getByTestId('scenario-select').selectOption(scenario.id);
      await page.getByTestId('load-scenario').click();
      await expect(page.getByTestId('lab-scenario')).toHaveText(scenario.title);
      await check.click();
      await expect(check).toBeEnabled();
      const diagnosis = await bridge.call('triage:diagnose', {});
      if (!diagnosis.ok) throw new Error(diagnosis.error.message);
      const shown = page.getByTestId('findings').locator('.finding');
      await expect(shown, scenario.id).toHaveCount(diagnosis.value.length);

      findings += diagnosis.value.length;
      for (const finding of diagnosis.value) {
        const where = `${scenario.id}: ${finding.id}`;
        const item = page.getByTestId(`finding-${finding.id}`);
        // No dead end: every finding names the step that handles it.
        expect(finding.fixedBy?.stepId, `${where} names a step`).toBeTruthy();
        const playbook = PLAYBOOKS.find((p) => p.id === finding.fixedBy!.playbookId);
        const step = playbook?.steps.find((s) => s.id === finding.fixedBy!.stepId);
        expect(step, `${where} links ${finding.fixedBy!.playbookId}/${finding.fixedBy!.stepId}, which exists`).toBeDefined();

        if (!(await item.isVisible())) {
          await check.click();
          await expect(check).toBeEnabled();
        }
        await item.getByTestId('open-step').click();
        await expect(page.getByRole('heading', { level: 2, name: step!.title, exact: true }), where).toBeVisible();
        opened++;
        await page
          .getByRole('button', { name: /Back to the start page/ })
          .first()
          .click();
        await expect(page.getByTestId('home')).toBeVisible();
      }
    }
    expect(findings).toBeGreaterThan(0);
    expect(opened).toBe(findings);
    console.log(`part ${part + 1}: ${scenarios.length} scenarios, ${findings} findings, ${opened} steps opened`);
  });
}
