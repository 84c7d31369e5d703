import { describe, expect, it } from 'vitest';
import type { ConnectorOuFiltering, OuFilteringPartition } from './host';
import { scopeFromOuFiltering } from './ou-filtering';

const domain = 'DC=contoso,DC=com';
const partition = (over: Partial<OuFilteringPartition> = {}): OuFilteringPartition => ({
  connector: 'contoso.com',
  dn: domain,
  name: 'contoso.com',
  selected: true,
  inclusions: [domain],
  exclusions: [],
  ...over,
});
const read = (...partitions: OuFilteringPartition[]): ConnectorOuFiltering => ({ source: 'adsync-connector', tool: 'adsync', partitions, problem: null });

describe('scopeFromOuFiltering', () => {
  it("gives the selected partition's inclusions and exclusions for this domain, saying where they came from", () => {
    const r = scopeFromOuFiltering(
      read(
        partition({ dn: 'DC=DomainDnsZones,DC=contoso,DC=com', selected: false, inclusions: ['DC=DomainDnsZones,DC=contoso,DC=com'] }),
        partition({
          dn: 'dc=Contoso,dc=COM',
          inclusions: ['OU=Staff,DC=contoso,DC=com', 'OU=Back,OU=Old,OU=Staff,DC=contoso,DC=com'],
          exclusions: ['OU=Old,OU=Staff,DC=contoso,DC=com'],
        }),
      ),
      domain,
    );
    expect(r).toEqual({
      ok: true,
      baseDns: ['OU=Staff,DC=contoso,DC=com', 'OU=Back,OU=Old,OU=Staff,DC=contoso,DC=com'],
      excludeDns: ['OU=Old,OU=Staff,DC=contoso,DC=com'],
      connector: 'contoso.com',
      partition: 'dc=Contoso,dc=COM',
      description: expect.stringContaining('AD connector contoso.com'),
    });
  });

  it("drops Connect's default exclusions that lie outside every inclusion (they change nothing)", () => {
    const r = scopeFromOuFiltering(
      read(partition({ inclusions: ['OU=Staff,DC=contoso,DC=com'], exclusions: ['CN=LostAndFound,DC=contoso,DC=com', 'OU=Old,OU=Staff,DC=contoso,DC=com'] })),
      domain,
    );
    expect(r).toMatchObject({ ok: true, excludeDns: ['OU=Old,OU=Staff,DC=contoso,DC=com'] });
  });

  it('a partition the server does not select is no scope: nothing of the domain is synced', () => {
    expect(scopeFromOuFiltering(read(partition({ selected: false })), domain)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not synchronize DC=contoso,DC=com/),
    });
  });

  it('a build that does not say whether it is selected counts the partition as selected', () => {
    expect(scopeFromOuFiltering(read(partition({ selected: null })), domain)).toMatchObject({ ok: true, baseDns: [domain] });
  });

  it('another domain, an empty inclusion list, contradicting lists and two connectors each say why and what to do', () => {
    const other = scopeFromOuFiltering(read(partition({ dn: 'DC=fabrikam,DC=com', inclusions: ['DC=fabrikam,DC=com'] })), domain);
    expect(other).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no partition for DC=contoso,DC=com (they have: DC=fabrikam,DC=com)'),
      advice: expect.stringMatching(/Choose the OUs yourself/),
    });
    expect(scopeFromOuFiltering(read(partition({ inclusions: [] })), domain)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/includes no container/),
    });
    expect(scopeFromOuFiltering(read(partition({ inclusions: ['OU=A,DC=contoso,DC=com'], exclusions: ['OU=A,DC=contoso,DC=com'] })), domain)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/both included and excluded/),
    });
    expect(scopeFromOuFiltering(read(partition({ inclusions: ['OU=A,DC=fabrikam,DC=com'] })), domain)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not inside DC=contoso,DC=com/),
    });
    expect(scopeFromOuFiltering(read(partition(), partition({ connector: 'second' })), domain)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/More than one AD connector/),
    });
  });

  it('an unreadable filtering passes its reason on, with what to do instead', () => {
    const dirsync: ConnectorOuFiltering = {
      source: null,
      tool: 'dirsync',
      partitions: [],
      problem: { code: 'not-readable-on-tool', message: 'not readable on this tool' },
    };
    expect(scopeFromOuFiltering(dirsync, domain)).toEqual({
      ok: false,
      reason: 'not readable on this tool',
      advice: expect.stringMatching(/Choose the OUs yourself/),
    });
  });
});
