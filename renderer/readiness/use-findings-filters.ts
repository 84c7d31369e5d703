// The findings grid's filters as the admin set them (error type chip, attribute, class, OU, free
// text) and the column filters TanStack Table reads from them.
import type { ColumnFiltersState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';

export interface FindingsFilters {
  errorFilter: string | null;
  attribute: string;
  objectClass: string;
  ou: string;
  text: string;
}

export interface FindingsFiltersControl extends FindingsFilters {
  setErrorFilter(v: string | null): void;
  setAttribute(v: string): void;
  setObjectClass(v: string): void;
  setOu(v: string): void;
  setText(v: string): void;
  columnFilters: ColumnFiltersState;
}

/** The column filters of a set of filter choices (the OU matched without its surrounding spaces). */
export function columnFiltersOf(f: Omit<FindingsFilters, 'text'>): ColumnFiltersState {
  const out: ColumnFiltersState = [];
  if (f.errorFilter) out.push({ id: 'errors', value: f.errorFilter });
  if (f.attribute) out.push({ id: 'attribute', value: f.attribute });
  if (f.objectClass) out.push({ id: 'objectClass', value: f.objectClass });
  if (f.ou.trim()) out.push({ id: 'ou', value: f.ou.trim() });
  return out;
}

/** The filter a page opens with (an address like #/workbench?error=duplicate asks for one). */
export interface InitialFindingsFilter {
  error: string | null;
  attribute: string | null;
}

export function useFindingsFilters(initial?: InitialFindingsFilter): FindingsFiltersControl {
  const [errorFilter, setErrorFilter] = useState<string | null>(initial?.error ?? null);
  const [attribute, setAttribute] = useState(initial?.attribute ?? '');
  const [objectClass, setObjectClass] = useState('');
  const [ou, setOu] = useState('');
  const [text, setText] = useState('');
  const columnFilters = useMemo(() => columnFiltersOf({ errorFilter, attribute, objectClass, ou }), [errorFilter, attribute, objectClass, ou]);
  return { errorFilter, attribute, objectClass, ou, text, setErrorFilter, setAttribute, setObjectClass, setOu, setText, columnFilters };
}
