// The filters above the findings grid: one chip per error type with its count, and the
// attribute, class, OU and free-text filters.
import { useId, useMemo } from 'react';
import { ScanErrorType } from '../../shared/readiness/scan/finding';
import { gridIndexOf } from './grid-index';
import type { FindingsFiltersControl } from './use-findings-filters';
import type { GridRow } from './workbench-store';

export function FindingsFilterBar({ rows, filters: f }: { rows: GridRow[]; filters: FindingsFiltersControl }) {
  const ids = { attr: useId(), cls: useId(), ou: useId(), text: useId() };
  // Counts per error type and the lists of attributes and classes, kept by the grid's index as slices arrive.
  const facets = useMemo(() => {
    const x = gridIndexOf(rows).facets;
    return { byError: x.byError, attrs: x.attributes, classes: x.classes };
  }, [rows]);

  return (
    <>
      <div className="chips" role="group" aria-label="Filter by error type">
        {ScanErrorType.options.map((e) => (
          <button
            key={e}
            type="button"
            className={`chip${f.errorFilter === e ? ' chip-on' : ''}`}
            aria-pressed={f.errorFilter === e}
            disabled={!facets.byError.get(e)}
            onClick={() => f.setErrorFilter(f.errorFilter === e ? null : e)}
            data-testid={`chip-${e}`}
          >
            {e} <span className="chip-count">{(facets.byError.get(e) ?? 0).toLocaleString()}</span>
          </button>
        ))}
      </div>
      <div className="filters">
        <label htmlFor={ids.attr}>Attribute</label>
        <select id={ids.attr} value={f.attribute} onChange={(e) => f.setAttribute(e.target.value)} data-testid="filter-attribute">
          <option value="">All</option>
          {facets.attrs.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor={ids.cls}>Class</label>
        <select id={ids.cls} value={f.objectClass} onChange={(e) => f.setObjectClass(e.target.value)} data-testid="filter-class">
          <option value="">All</option>
          {facets.classes.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor={ids.ou}>OU contains</label>
        <input id={ids.ou} type="text" value={f.ou} onChange={(e) => f.setOu(e.target.value)} data-testid="filter-ou" />
        <label htmlFor={ids.text}>Search</label>
        <input id={ids.text} type="search" value={f.text} onChange={(e) => f.setText(e.target.value)} data-testid="filter-text" />
      </div>
    </>
  );
}
