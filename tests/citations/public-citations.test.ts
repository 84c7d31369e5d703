// Citations the admin can follow (issue 17): every citation and every "Where it came from" the app
// shows names a public source (a Microsoft article's title and address, a KB number, the command
// or event that produced a fact), never the team's internal notes or the reference kit's files.
// Walks every playbook's and step's citation, the symptom picker's, and, for every lab scenario,
// every finding and every step's verdict with its evidence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYBOOKS } from '../../shared/playbooks/index';
import { KB } from '../../shared/playbooks/kb-articles';
import type { KbCitation, Verdict } from '../../shared/playbooks/types';
import { SYMPTOMS } from '../../shared/home/symptoms';
import type { Finding } from '../../shared/findings/finding';
import { dispatch } from '../../electron/ipc/dispatch';
import { loadScenarioDir } from '../../electron/lab/scenario';
import { resolveAssetsDir } from '../../electron/app/assets';
import { createAppSession } from '../../electron/app/session';
import { checkStep } from '../../electron/triage/check-step';
import { memoizedPorts } from '../../electron/triage/memo-ports';
import { externalUrlToOpen } from '../../electron/security/external-urls';
import { APP_AUTH_HARD_STOP, CONNECT_BUILDS, VERSION_FLOORS } from '../../shared/domain/version-floors';
import { OU_FILTERING_FACTS } from '../../shared/domain/ou-filtering';
import { SOURCES } from '../../shared/domain/public-sources';

/** Internal notes ("NOTES-windows §8 [C 2]"), the kit ("KB kit file 003") and its file names ("004_….txt"). */
const INTERNAL = /NOTES|KB kit|\.txt|§/;

function citationStrings(c: KbCitation): string[] {
  return [c.title, c.kb ?? '', c.method ?? '', c.step ?? '', c.read.title, c.read.url];
}

function expectPublicCitation(c: KbCitation, where: string) {
  for (const s of citationStrings(c)) expect(s, `${where}: citation "${s}"`).not.toMatch(INTERNAL);
  expect(externalUrlToOpen(c.read.url), `${where}: ${c.read.url} is not an address the app opens`).not.toBeNull();
}

function expectPublicEvidence(evidence: Verdict['evidence'], where: string) {
  for (const e of evidence) {
    expect(e.source ?? '', `${where}: evidence "${e.label}" came from "${e.source}"`).not.toMatch(INTERNAL);
    expect(e.label, `${where}: evidence label`).not.toMatch(/NOTES|KB kit|§/);
  }
}

const scenarios = await loadScenarioDir(path.join(resolveAssetsDir(), 'scenarios'));

describe('citations show public sources only', () => {
  it('the articles: a title, a KB number where there is one, and an address the app can open', () => {
    for (const [key, a] of Object.entries(KB)) expectPublicCitation({ ...a, method: null, step: null }, key);
    expect(KB.syncStopped.kb).toBe('2882421');
  });

  it('every playbook and every step', () => {
    for (const p of PLAYBOOKS) {
      expectPublicCitation(p.cite, p.id);
      for (const s of p.steps) expectPublicCitation(s.cite, `${p.id}/${s.id}`);
    }
  });

  it('the dated facts: every source they show', () => {
    const shown = [
      ...VERSION_FLOORS.map((f) => f.source),
      ...CONNECT_BUILDS.map((b) => b.source),
      ...OU_FILTERING_FACTS.flatMap((f) => [...f.sources]),
      JSON.stringify(APP_AUTH_HARD_STOP),
      ...Object.values(SOURCES).flatMap((s) => [s.title, s.url]),
    ];
    for (const s of shown) expect(s).not.toMatch(INTERNAL);
    for (const s of Object.values(SOURCES)) expect(externalUrlToOpen(s.url), s.url).not.toBeNull();
  });

  it('every symptom of the picker', () => {
    for (const s of SYMPTOMS) expectPublicCitation(s.cite, `symptom ${s.id}`);
  });

  it.each(scenarios.map((s) => s.id))(
    'every finding and every step verdict of scenario %s',
    async (scenarioId) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-citations-'));
      const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
      try {
        const r = await dispatch(session.handlers, 'triage:diagnose', {});
        if (!r.ok) throw new Error(r.error.message);
        for (const f of r.value as Finding[]) {
          expectPublicCitation(f.cite, `${scenarioId}: finding ${f.id}`);
          expectPublicEvidence(f.evidence, `${scenarioId}: finding ${f.id}`);
          expect(f.title, `${scenarioId}: finding ${f.id}`).not.toMatch(/NOTES|KB kit|§/);
        }
        const ports = memoizedPorts(session.ports());
        for (const p of PLAYBOOKS) {
          const verdicts = await Promise.all(p.steps.map((s) => checkStep(ports, s).catch(() => null)));
          verdicts.forEach((v, i) => {
            if (!v) return;
            const where = `${scenarioId}: ${p.id}/${p.steps[i]!.id}`;
            expectPublicEvidence(v.evidence, where);
            expect(v.summary, where).not.toMatch(/NOTES|KB kit|§/);
          });
        }
      } finally {
        await session.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
