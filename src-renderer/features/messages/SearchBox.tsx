import { useEffect } from 'react';
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

/** Full-text search over the local cache: works offline. `/` focuses it, Esc clears it. */
export function SearchBox() {
  const text = useMessagesStore((s) => s.searchText);
  const setText = useMessagesStore((s) => s.setSearchText);

  // Search once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => useMessagesStore.getState().search(text), text.trim() ? DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [text]);

  const clear = () => {
    setText('');
    useMessagesStore.getState().clearSearch();
  };

  return (
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
            useMessagesStore.getState().search(text);
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
  );
}
