// The CLI's text output cites as the app does: for every finding (and the finding a fix is for),
// where it comes from ("KB 2882421 · Method 1 · Step 2"), the article's title and the public
// address to read it; a retired article says so and gives Microsoft's current page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KbCitation } from '../../shared/playbooks/types';
import { runCli } from './main';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cli-cite-'));

async function cli(argv: string[]) {
  let stdout = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => {}, env: { DSD_DATA_DIR: dataDir } });
  return { code, stdout };
}

interface F {
  id: string;
  title: string;
  cite: KbCitation;
}

/** The text block of one finding: from its title line to the next blank line. */
function blockOf(text: string, title: string): string {
  const start = text.indexOf(`] ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('citations in the text output', () => {
  it.each(['sync-service-stopped', 'dirsync-32bit-event-0', 'service-account-locked', 'dirsync-account-moved'])(
    'diagnose --lab %s: every finding names its article and its address',
    async (scenario) => {
      const findings = (JSON.parse((await cli(['diagnose', '--lab', scenario, '--format', 'json'])).stdout) as { findings: F[] }).findings;
      expect(findings.length).toBeGreaterThan(0);
      const text = (await cli(['diagnose', '--lab', scenario])).stdout;
      for (const f of findings) {
        const block = blockOf(text, f.title);
        expect(block, f.id).toContain(f.cite.title);
        expect(block, f.id).toContain(f.cite.read.url);
        if (f.cite.kb) expect(block, f.id).toContain(`KB ${f.cite.kb}`);
        if (f.cite.retired) expect(block, f.id).toMatch(/Retired article; Microsoft’s current page: .+ <https:\/\//);
        else expect(block, f.id).toMatch(/Read it: .+ <https:\/\//);
      }
    },
  );

  it('names the step as the app does, with the address of KB 2882421', async () => {
    const text = (await cli(['diagnose', '--lab', 'sync-service-stopped'])).stdout;
    expect(text).toMatch(/KB 2882421 · Method 1 · Step 2\n +Directory synchronization to Microsoft Entra ID stops/);
    expect(text).toMatch(/Read it: KB 2882421 on Microsoft Support <https:\/\/support\.microsoft\.com\/help\/2882421>/);
  });

  it('a retired article is said as such (32-bit DirSync)', async () => {
    const text = (await cli(['diagnose', '--lab', 'dirsync-32bit-event-0'])).stdout;
    expect(text).toMatch(/Retired article; Microsoft’s current page: .+ <https:\/\/learn\.microsoft\.com\/\S+>/);
  });

  it('fix prints the citation of the finding it is for', async () => {
    const r = await cli(['fix', 'sync-service-stopped', '--lab', 'sync-service-stopped']);
    expect(r.stdout).toMatch(/^Finding sync-service-stopped: .+\n {2}KB 2882421 · Method 1 · Step 2\n {2}Directory synchronization/);
    expect(r.stdout).toContain('<https://support.microsoft.com/help/2882421>');
  });
});
