import { useDebouncedValue } from '@mantine/hooks';
import { createContext, useContext, useMemo, useRef, useState, type KeyboardEvent, type MutableRefObject, type ReactNode } from 'react';

/**
 * The top bar's "Search customers" text, shared with the directory that shows the results.
 * The directory registers a key handler so arrows and Enter in the search field move through its rows.
 */
interface SearchState {
  text: string;
  setText(text: string): void;
  /** The text after ~150ms of quiet: what the directory queries. */
  debounced: string;
  inputRef: MutableRefObject<HTMLInputElement | null>;
  focus(): void;
  keyHandler: MutableRefObject<((event: KeyboardEvent<HTMLInputElement>) => void) | null>;
}

const SearchContext = createContext<SearchState | null>(null);

export function SearchProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 150);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const keyHandler = useRef<((event: KeyboardEvent<HTMLInputElement>) => void) | null>(null);
  const value = useMemo<SearchState>(
    () => ({
      text,
      setText,
      debounced: text.trim() === '' ? '' : debounced,
      inputRef,
      keyHandler,
      focus: () => {
        inputRef.current?.focus();
        inputRef.current?.select();
      },
    }),
    [text, debounced],
  );
  return <SearchContext.Provider value={value}>{children}</SearchContext.Provider>;
}

export function useSearch(): SearchState {
  const state = useContext(SearchContext);
  if (!state) throw new Error('useSearch outside SearchProvider');
  return state;
}
