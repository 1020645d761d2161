import {
  createContext,
  useCallback,
  useContext,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MutableRefObject,
  type ReactNode,
} from 'react';

/**
 * The top bar's "Search customers" text, shared with the directory that shows the results.
 * The directory registers a key handler so arrows and Enter in the search field move through its rows.
 *
 * There is no debounce: a search costs the core about a millisecond, so every keystroke queries at
 * once (the directory keeps the previous rows on screen until the new ones arrive). What the
 * directory queries is React's deferred value of the trimmed text: the field updates first, and a
 * render of new results never holds up the next keystroke. The parts live in three contexts so
 * that a keystroke re-renders only what shows the text (the top bar), and the directory re-renders
 * when the query it shows changes, not on every key.
 */
export interface SearchControls {
  setText(text: string): void;
  /** The text as typed, read at the moment (an event handler's view, without re-rendering on each key). */
  currentText(): string;
  inputRef: MutableRefObject<HTMLInputElement | null>;
  focus(): void;
  keyHandler: MutableRefObject<((event: KeyboardEvent<HTMLInputElement>) => void) | null>;
  /**
   * Told of every change to the text as it happens, before anything renders: the directory starts
   * fetching the new rows here, so the request is on its way while React renders the keystroke.
   */
  textListener: MutableRefObject<((text: string) => void) | null>;
}

interface SearchState extends SearchControls {
  /** The text as typed (the field's value). */
  text: string;
}

const ControlsContext = createContext<SearchControls | null>(null);
const TextContext = createContext<string | null>(null);
const QueryContext = createContext<string | null>(null);

export function SearchProvider({ children }: { children: ReactNode }) {
  const [text, setTextState] = useState('');
  const textRef = useRef('');
  const query = useDeferredValue(text.trim());
  const inputRef = useRef<HTMLInputElement | null>(null);
  const keyHandler = useRef<((event: KeyboardEvent<HTMLInputElement>) => void) | null>(null);
  const textListener = useRef<((text: string) => void) | null>(null);
  const setText = useCallback((next: string) => {
    textRef.current = next;
    setTextState(next);
    textListener.current?.(next);
  }, []);
  const controls = useMemo<SearchControls>(
    () => ({
      setText,
      currentText: () => textRef.current,
      inputRef,
      keyHandler,
      textListener,
      focus: () => {
        inputRef.current?.focus();
        inputRef.current?.select();
      },
    }),
    [setText],
  );
  return (
    <ControlsContext.Provider value={controls}>
      <TextContext.Provider value={text}>
        <QueryContext.Provider value={query}>{children}</QueryContext.Provider>
      </TextContext.Provider>
    </ControlsContext.Provider>
  );
}

/** The controls and the text as typed: re-renders on every keystroke (the top bar's field). */
export function useSearch(): SearchState {
  const controls = useSearchControls();
  const text = useContext(TextContext);
  if (text === null) throw new Error('useSearch outside SearchProvider');
  return useMemo(() => ({ ...controls, text }), [controls, text]);
}

/** The controls alone: never re-renders. */
export function useSearchControls(): SearchControls {
  const controls = useContext(ControlsContext);
  if (!controls) throw new Error('useSearchControls outside SearchProvider');
  return controls;
}

/** The trimmed text to search for, following the field without delay (deferred by React, not debounced). */
export function useSearchQuery(): string {
  const query = useContext(QueryContext);
  if (query === null) throw new Error('useSearchQuery outside SearchProvider');
  return query;
}
