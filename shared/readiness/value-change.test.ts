import { describe, expect, it } from 'vitest';
import { checkPrecondition, inverseChange, rowToChange, type ValueChange } from './value-change';

const c = (attribute: string, remove: string[], add: string[]): ValueChange => ({ dn: 'CN=a,DC=lab', objectGuid: null, attribute, remove, add, source: 't' });

describe('value changes', () => {
  it('single-valued: goes ahead only when the value is still the scanned one', () => {
    const edit = c('displayName', ['Old'], ['New']);
    expect(checkPrecondition(edit, ['Old'])).toBeNull();
    expect(checkPrecondition(edit, ['New'])).toBe('done');
    expect(checkPrecondition(edit, ['Other'])).toBe('displayName changed since: expected "Old", found "Other"');
    expect(checkPrecondition(edit, [])).toMatch(/found \(empty\)/);
    const fillBlank = c('displayName', [], ['Sales']);
    expect(checkPrecondition(fillBlank, [])).toBeNull();
    expect(checkPrecondition(fillBlank, ['Someone typed this'])).toMatch(/expected \(empty\)/);
    expect(checkPrecondition(inverseChange(fillBlank), ['Sales'])).toBeNull();
    expect(checkPrecondition(inverseChange(fillBlank), [])).toBe('done');
  });

  it('multi-valued: the removed value must be there and the added one not yet', () => {
    const edit = c('proxyAddresses', ['smtp:a@x.com'], ['smtp:b@x.com']);
    expect(checkPrecondition(edit, ['SMTP:p@x.com', 'smtp:a@x.com'])).toBeNull();
    expect(checkPrecondition(edit, ['SMTP:p@x.com', 'smtp:b@x.com'])).toBe('done');
    expect(checkPrecondition(edit, ['SMTP:p@x.com'])).toMatch(/no longer holds "smtp:a@x.com"/);
    expect(checkPrecondition(edit, ['smtp:a@x.com', 'smtp:b@x.com'])).toMatch(/already holds "smtp:b@x.com"/);
  });

  it('rows become writes: edit replaces, remove deletes, complete writes nothing, nonsense is refused', () => {
    const row = { dn: 'CN=a,DC=lab', attribute: 'mail', value: 'a@x.local', proposedValue: 'a@x.com' };
    expect(rowToChange({ ...row, action: 'edit' }, 'line 2')).toEqual({
      change: { dn: 'CN=a,DC=lab', objectGuid: null, attribute: 'mail', remove: ['a@x.local'], add: ['a@x.com'], source: 'line 2' },
    });
    expect(rowToChange({ ...row, action: 'edit', value: '' }, 'l')).toMatchObject({ change: { remove: [], add: ['a@x.com'] } });
    expect(rowToChange({ ...row, action: 'remove' }, 'l')).toMatchObject({ change: { remove: ['a@x.local'], add: [] } });
    expect(rowToChange({ ...row, action: 'complete' }, 'l')).toEqual({ complete: true });
    expect(rowToChange({ ...row, action: 'edit', proposedValue: 'a@x.local' }, 'l')).toMatchObject({ problem: { column: 'proposedValue' } });
    expect(rowToChange({ ...row, action: 'remove', value: '' }, 'l')).toMatchObject({ problem: { column: 'value' } });
  });
});
