import type { Evidence } from '../../shared/playbooks/types';

/** What the check saw, fact by fact, with where each fact came from. */
export function EvidenceTable({ evidence, caption, testId }: { evidence: readonly Evidence[]; caption: string; testId?: string }) {
  if (evidence.length === 0) return <p className="muted">No details were reported.</p>;
  return (
    <table className="evidence" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Value</th>
          <th scope="col">Where it came from</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, i) => (
          <tr key={`${e.label}-${i}`}>
            <th scope="row">{e.label}</th>
            <td className="value">{e.value}</td>
            <td className="muted">{e.source ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
