import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../ports/errors';
import { discoverDirectory, orderSrv, type SrvRecord, type SrvResolver } from './discovery';

const resolverFrom = (answers: Record<string, SrvRecord[] | Error>): SrvResolver & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    async resolveSrv(name) {
      asked.push(name);
      const a = answers[name];
      if (a === undefined) throw Object.assign(new Error(`querySrv ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      if (a instanceof Error) throw a;
      return a;
    },
  };
};

const srv = (name: string, priority = 0, weight = 100): SrvRecord => ({ name, port: 389, priority, weight });

describe('discoverDirectory', () => {
  it('returns null outside a domain logon', async () => {
    const resolver = resolverFrom({});
    expect(await discoverDirectory({ env: {}, resolver })).toBeNull();
    expect(await discoverDirectory({ env: { USERDNSDOMAIN: '  ' }, resolver })).toBeNull();
    expect(resolver.asked).toEqual([]);
  });

  it('asks DNS for the domain controllers and prefers the one that logged the session on', async () => {
    const resolver = resolverFrom({
      '_ldap._tcp.dc._msdcs.corp.contoso.com': [srv('dc01.corp.contoso.com.'), srv('DC02.corp.contoso.com.'), srv('dc03.corp.contoso.com.', 10)],
    });
    const found = await discoverDirectory({ env: { USERDNSDOMAIN: 'CORP.CONTOSO.COM', LOGONSERVER: '\\\\DC02', COMPUTERNAME: 'SYNC01' }, resolver });
    expect(resolver.asked).toEqual(['_ldap._tcp.dc._msdcs.corp.contoso.com']);
    expect(found).toEqual({
      domain: 'corp.contoso.com',
      dcHostName: 'dc02.corp.contoso.com',
      url: 'ldaps://dc02.corp.contoso.com:636',
      candidates: ['dc02.corp.contoso.com', 'dc01.corp.contoso.com', 'dc03.corp.contoso.com'],
      source: 'srv',
    });
  });

  it('ignores LOGONSERVER when it is this machine (a local logon)', async () => {
    const resolver = resolverFrom({ '_ldap._tcp.dc._msdcs.corp.contoso.com': [srv('dc09.corp.contoso.com', 5), srv('dc01.corp.contoso.com', 0)] });
    const found = await discoverDirectory({ env: { USERDNSDOMAIN: 'corp.contoso.com', LOGONSERVER: '\\\\SYNC01', COMPUTERNAME: 'SYNC01' }, resolver });
    expect(found?.dcHostName).toBe('dc01.corp.contoso.com');
  });

  it('falls back to LOGONSERVER when DNS has no answer', async () => {
    const resolver = resolverFrom({});
    const found = await discoverDirectory({ env: { USERDNSDOMAIN: 'corp.contoso.com', LOGONSERVER: '\\\\DC01' }, resolver });
    expect(found).toMatchObject({ dcHostName: 'dc01.corp.contoso.com', source: 'logonserver', url: 'ldaps://dc01.corp.contoso.com:636' });
  });

  it('fails as unreachable, naming the query, when neither DNS nor LOGONSERVER help', async () => {
    const resolver = resolverFrom({ '_ldap._tcp.dc._msdcs.corp.contoso.com': Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }) });
    const err = await discoverDirectory({ env: { USERDNSDOMAIN: 'corp.contoso.com' }, resolver }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryError);
    expect((err as DirectoryError).code).toBe('unreachable');
    expect((err as DirectoryError).message).toContain('_ldap._tcp.dc._msdcs.corp.contoso.com');
    expect((err as DirectoryError).message).toContain('ETIMEOUT');
  });

  it('rejects a USERDNSDOMAIN that is not a DNS name instead of querying with it', async () => {
    const resolver = resolverFrom({});
    const err = await discoverDirectory({ env: { USERDNSDOMAIN: 'corp;rm -rf' }, resolver }).catch((e: unknown) => e);
    expect((err as DirectoryError).code).toBe('bad-input');
    expect(resolver.asked).toEqual([]);
  });
});

describe('orderSrv', () => {
  it('orders by priority, then weight, and drops duplicates and trailing dots', () => {
    expect(orderSrv([srv('b.x.', 0, 10), srv('a.x.', 0, 50), srv('c.x', 1, 100), srv('A.X', 2, 1)])).toEqual(['a.x', 'b.x', 'c.x']);
  });
});
