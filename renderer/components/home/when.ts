// Times as the home page says them: local date and time with the zone, and how long ago or ahead.

/** "Sun, 6 Dec 2026, 16:15 GMT+1" in the admin's locale and time zone. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** "3 hours ago", "in 12 minutes" (rounded to the largest whole unit). */
export function relativeTo(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const [value, unit] =
    abs < 90_000
      ? [Math.round(abs / 1000), 'second']
      : abs < 90 * 60_000
        ? [Math.round(abs / 60_000), 'minute']
        : abs < 36 * 3_600_000
          ? [Math.round(abs / 3_600_000), 'hour']
          : [Math.round(abs / 86_400_000), 'day'];
  const words = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return ms < 0 ? `${words} ago` : `in ${words}`;
}
