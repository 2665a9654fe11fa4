import { useEffect, useMemo, useState } from 'react';
import { parseSearch } from '../../../src-preload/contract';
import { useMessagesStore } from '../../stores/messages';
import { CrossIcon } from '../../ui/icons';

/** How long typing pauses before the cache is searched. */
const DEBOUNCE_MS = 150;

const SearchIcon = () => (
  <svg width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" aria-hidden="true">
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </svg>
);

/** The element `/` focuses (commands/lists.ts). */
export const MAIL_SEARCH_ID = 'mail-search';

const MISTAKE_ID = 'mail-search-mistake';

/** Moves focus from the box to the first result, as ArrowDown does in a combobox. */
function focusFirstResult(): boolean {
  const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
  if (!list) return false;
  useMessagesStore.getState().setCursor(0);
  list.focus();
  return true;
}

/**
 * Full-text search over the local cache, with operators (search-query.ts): works offline.
 * `/` focuses it, Esc clears it, ArrowDown goes to the first result. A query with a
 * mistake is explained under the box once typing pauses, and the folder shows meanwhile.
 */
export function SearchBox() {
  const text = useMessagesStore((s) => s.searchText);
  const setText = useMessagesStore((s) => s.setSearchText);
  const allFolders = useMessagesStore((s) => s.searchAllFolders);
  const setAllFolders = useMessagesStore((s) => s.setSearchAllFolders);
  // The text as it stood when typing last paused: a half-typed date is not a mistake yet.
  const [settled, setSettled] = useState(text);
  const parsed = useMemo(() => parseSearch(settled), [settled]);
  const mistake = !parsed.ok && settled === text ? parsed.mistake : null;

  // Search once typing pauses.
  useEffect(() => {
    const timer = setTimeout(
      () => {
        setSettled(text);
        useMessagesStore.getState().search(text);
      },
      text.trim() ? DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [text]);

  const clear = () => {
    setText('');
    useMessagesStore.getState().clearSearch();
  };

  return (
    <div className="search-area">
      <div className="search-box" role="search">
        <span className="search-box__icon">
          <SearchIcon />
        </span>
        <input
          id={MAIL_SEARCH_ID}
          type="search"
          className="search-box__input"
          data-testid="search-input"
          placeholder="Search mail"
          aria-label="Search mail"
          aria-keyshortcuts="/"
          aria-invalid={mistake ? true : undefined}
          aria-describedby={mistake ? MISTAKE_ID : undefined}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              clear();
              e.currentTarget.blur();
            } else if (e.key === 'Enter') {
              setSettled(text);
              useMessagesStore.getState().search(text);
            } else if (e.key === 'ArrowDown' && focusFirstResult()) {
              e.preventDefault();
            }
          }}
        />
        {text ? (
          <button type="button" className="search-box__clear" aria-label="Clear search" title="Clear search (Esc)" onClick={clear}>
            <CrossIcon size={12} />
          </button>
        ) : (
          <kbd className="search-box__kbd" aria-hidden="true">
            /
          </kbd>
        )}
      </div>
      <div className="search-scope" role="group" aria-label="Search in">
        <button type="button" className="search-scope__option" aria-pressed={!allFolders} onClick={() => setAllFolders(false)}>
          This folder
        </button>
        <button type="button" className="search-scope__option" aria-pressed={allFolders} onClick={() => setAllFolders(true)}>
          All folders
        </button>
      </div>
      {mistake && (
        <p className="search-mistake" id={MISTAKE_ID} role="alert" data-testid="search-mistake">
          {mistake.problem} {mistake.fix}
        </p>
      )}
    </div>
  );
}
