import type { PlannedChangeItem } from '../../shared/playbooks/types';

/** Every item a fix changes: "Service ADSync (…) state stopped → running". */
export function ChangeList({ changes, testId }: { changes: readonly PlannedChangeItem[]; testId?: string }) {
  return (
    <ul className="change-list" aria-label="Changes">
      {changes.map((c, i) => (
        <li key={`${c.target}-${c.property}-${i}`} data-testid={testId}>
          <span className="change-target">{c.target}</span>{' '}
          <span className="change-what">
            {c.property} <span className="change-from">{c.from}</span> → <span className="change-to">{c.to}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
