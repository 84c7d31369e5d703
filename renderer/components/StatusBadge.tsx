import type { Tone } from '../words';

/** A short status word with a colour; the word carries the meaning, the colour only helps. */
export function StatusBadge({ text, tone, testId }: { text: string; tone: Tone; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {text}
    </span>
  );
}
