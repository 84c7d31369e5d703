// The users of one UPN suffix, to choose who moves: a search, "choose / leave out every user
// found", a count of the chosen, and a multi-select list box that scrolls through any number of
// users (only the visible ones are rendered). By keyboard: arrows, Page Up/Down, Home/End move,
// Space chooses or leaves out the user under the cursor.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useState, useRef, type KeyboardEvent } from 'react';
import type { UpnSuffixUsers } from '../../shared/readiness/ipc';
import { matchUsers, searchKeys } from './upn-pick';

const ITEM_HEIGHT = 44;

export interface UpnUserPickerProps {
  list: UpnSuffixUsers;
  leftOut: ReadonlySet<string>;
  onChoose(dns: string[], chosen: boolean): void;
}

export function UpnUserPicker({ list, leftOut, onChoose }: UpnUserPickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchId = useId();
  const listId = useId();
  const keys = useMemo(() => searchKeys(list), [list]);
  const matches = useMemo(() => matchUsers(keys, query), [keys, query]);
  const at = Math.min(active, Math.max(0, matches.length - 1));
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the chosen library; this component re-renders on scroll by design
  const v = useVirtualizer({ count: matches.length, getScrollElement: () => scrollRef.current, estimateSize: () => ITEM_HEIGHT, overscan: 8 });
  const items = v.getVirtualItems();

  const chosenCount = list.users.length - leftOut.size;
  const matchedDns = () => matches.map((i) => list.users[i]!.dn);
  const searching = query.trim() !== '';
  const optionId = (i: number) => `${listId}-${i}`;

  function moveTo(i: number) {
    const next = Math.max(0, Math.min(matches.length - 1, i));
    setActive(next);
    v.scrollToIndex(next, { align: 'auto' });
  }

  function toggle(i: number) {
    const u = list.users[matches[i]!];
    if (u) onChoose([u.dn], leftOut.has(u.dn));
  }

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ITEM_HEIGHT) - 1);
    switch (e.key) {
      case 'ArrowDown':
        moveTo(at + 1);
        break;
      case 'ArrowUp':
        moveTo(at - 1);
        break;
      case 'PageDown':
        moveTo(at + page);
        break;
      case 'PageUp':
        moveTo(at - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(matches.length - 1);
        break;
      case ' ':
        toggle(at);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  // The cursor is announced only while its user is rendered (scrolling by mouse may take it away).
  const activeShown = items.some((it) => it.index === at);

  return (
    <div className="upn-picker" data-testid="upn-picker">
      <div className="filters">
        <label htmlFor={searchId}>Find users</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          placeholder="name, UPN or OU"
          data-testid="upn-user-search"
        />
        <button type="button" className="btn" disabled={!matches.length} onClick={() => onChoose(matchedDns(), true)} data-testid="upn-choose-found">
          {searching ? `Choose the ${matches.length.toLocaleString()} found` : 'Choose all'}
        </button>
        <button type="button" className="btn" disabled={!matches.length} onClick={() => onChoose(matchedDns(), false)} data-testid="upn-leave-found">
          {searching ? `Leave out the ${matches.length.toLocaleString()} found` : 'Leave out all'}
        </button>
      </div>
      <p role="status" className="muted small" data-testid="upn-chosen-count">
        {chosenCount.toLocaleString()} of {list.users.length.toLocaleString()} users of {list.suffix} chosen to move
        {searching ? `; ${matches.length.toLocaleString()} found by the search` : ''}.
      </p>
      {matches.length === 0 ? (
        <p className="muted" data-testid="upn-user-none">
          No user of {list.suffix} matches “{query.trim()}”.
        </p>
      ) : (
        <div ref={scrollRef} className="upn-user-scroll">
          <ul
            role="listbox"
            aria-multiselectable="true"
            aria-label={`Users of ${list.suffix}: chosen ones move (Space chooses or leaves out)`}
            aria-activedescendant={activeShown ? optionId(at) : undefined}
            tabIndex={0}
            onKeyDown={onKeyDown}
            className="upn-user-list"
            style={{ height: v.getTotalSize() }}
            data-testid="upn-user-list"
          >
            {items.map((it) => {
              const u = list.users[matches[it.index]!]!;
              const chosen = !leftOut.has(u.dn);
              return (
                <li
                  key={u.dn}
                  id={optionId(it.index)}
                  role="option"
                  aria-selected={chosen}
                  className={`upn-user${it.index === at ? ' upn-user-active' : ''}`}
                  style={{ transform: `translateY(${it.start}px)` }}
                  onClick={() => {
                    setActive(it.index);
                    onChoose([u.dn], !chosen);
                  }}
                  data-testid="upn-user"
                  data-dn={u.dn}
                >
                  <span className="upn-user-box" aria-hidden="true">
                    {chosen ? '☑' : '☐'}
                  </span>
                  <span className="upn-user-name">{u.userPrincipalName}</span>
                  <span className="upn-user-dn muted small">{u.dn}</span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
