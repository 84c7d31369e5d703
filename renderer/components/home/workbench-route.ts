// The readiness workbench's address with a findings filter: "#/workbench?error=duplicate&attribute=displayName".
// The symptom picker writes it; the workbench reads its first filter from it.
import { ScanErrorType } from '../../../shared/readiness/scan/finding';

export interface WorkbenchFilter {
  error: ScanErrorType | null;
  attribute: string | null;
}

export function workbenchHref(filter: WorkbenchFilter): string {
  const params = new URLSearchParams();
  if (filter.error) params.set('error', filter.error);
  if (filter.attribute) params.set('attribute', filter.attribute);
  const query = params.toString();
  return `#/workbench${query ? `?${query}` : ''}`;
}

/** The filter of a workbench address; null when the address is not the workbench's. Unknown error types are dropped. */
export function workbenchFilterOf(hash: string): WorkbenchFilter | null {
  const m = /^#\/workbench(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const params = new URLSearchParams(m[1] ?? '');
  const error = ScanErrorType.safeParse(params.get('error'));
  const attribute = params.get('attribute');
  return { error: error.success ? error.data : null, attribute: attribute && /^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(attribute) ? attribute : null };
}
