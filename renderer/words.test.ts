import { describe, expect, it } from 'vitest';
import { dateTime } from './words';

describe('dateTime', () => {
  it('gives the date as well as the time, never a bare time of day', () => {
    const shown = dateTime('2026-11-22T04:48:00.000Z');
    expect(shown).toMatch(/2026/);
    expect(shown).toMatch(/\d{1,2}:\d{2}/);
    expect(shown).not.toBe(new Date('2026-11-22T04:48:00.000Z').toLocaleTimeString());
  });

  it('names the time zone, so a time read elsewhere is not mistaken', () => {
    const d = new Date('2026-11-22T04:48:00.000Z');
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value;
    expect(zone).toBeTruthy();
    expect(dateTime(d.toISOString())).toContain(zone!);
  });

  it('keeps a value that is not a time as it is', () => {
    expect(dateTime('soon')).toBe('soon');
  });
});
