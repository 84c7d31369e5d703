// A moment as people read it: date and time in this computer's locale and time zone, the zone
// named ("Dec 6, 2026, 6:12:50 PM UTC"). One formatter for the renderer and the CLI's text, so a
// record reads the same wherever it is shown. An unreadable time is shown as given.
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}

/** "Recorded by LAB\admin at Dec 6, 2026, 6:12:50 PM UTC": how a choice or attestation is shown (never as a check). */
export function recordedLine(record: { by: string; at: string }): string {
  return `Recorded by ${record.by} at ${localDateTime(record.at)}`;
}
