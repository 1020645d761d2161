import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface TypeaheadPickOptions {
  /** The text in the field as the component mounts. */
  initialText: string;
  /** How many rows the arrows move through: the rows on screen, which may still answer the previous text. */
  count: number;
  /** At an end, the arrows go round to the other end (`wrap`, a short list) or stay (`stop`, a long one). */
  ends: 'wrap' | 'stop';
  /** Whether the rows on screen answer the text as it is now. Read when Enter is pressed and after each render. */
  isSettled(): boolean;
  /**
   * Enter chose a row: the picked one, or the top one if none is. `waited` when Enter came before
   * the answer and the row is one of the answer's, which may hold fewer rows than the arrow saw.
   */
  onEnter(index: number, how: { waited: boolean }): void;
  /** An arrow moved the pick. */
  onMove?(index: number): void;
}

export interface TypeaheadPick {
  /** The picked row, within the rows there are now; -1 while nothing is typed and no arrow has moved. */
  activeIndex: number;
  /** A pointer or the focus picked a row. */
  setActiveIndex(index: number): void;
  /** Told of every change to the text as it happens, before its answer comes. */
  textChanged(text: string): void;
  /** Something other than the text changed the rows (a filter, the sort): the pick goes back to the top. */
  backToTop(): void;
  /** Arrows and Enter in the text field. */
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): void;
}

/**
 * The pick in a list that answers a text field as it is typed (the directory, the quick sale's
 * customer field). The pick goes back to the top when the text changes, not when the rows for it
 * arrive: an arrow pressed right after the last keystroke must survive the answer that follows it.
 * Enter pressed before that answer chooses from it as soon as it is in.
 */
export function useTypeaheadPick({ initialText, count, ends, isSettled, onEnter, onMove }: TypeaheadPickOptions): TypeaheadPick {
  const [picked, setPicked] = useState(() => (initialText.trim() ? 0 : -1));
  const pickedFor = useRef(initialText.trim());
  const pendingEnter = useRef(false);
  // Fewer rows than before (a narrower search answered): the pick stays within them.
  const activeIndex = Math.min(picked, count - 1);

  const textChanged = useCallback((text: string) => {
    const typed = text.trim();
    if (typed === pickedFor.current) return;
    pickedFor.current = typed;
    // A new text is a new question: an Enter that waited for the old answer has nothing left to choose.
    pendingEnter.current = false;
    setPicked(typed ? 0 : -1);
  }, []);

  const backToTop = useCallback(() => setPicked(pickedFor.current ? 0 : -1), []);

  useEffect(() => {
    if (!pendingEnter.current || !isSettled()) return;
    pendingEnter.current = false;
    onEnter(Math.max(0, activeIndex), { waited: true });
  });

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      const next = movedPick(activeIndex, event.key === 'ArrowDown' ? 1 : -1, count, ends);
      setPicked(next);
      onMove?.(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (isSettled()) onEnter(Math.max(0, activeIndex), { waited: false });
      else pendingEnter.current = pickedFor.current !== '';
    }
  }

  return { activeIndex, setActiveIndex: setPicked, textChanged, backToTop, onKeyDown };
}

function movedPick(from: number, step: 1 | -1, count: number, ends: 'wrap' | 'stop'): number {
  if (ends === 'stop') return Math.min(count - 1, Math.max(0, from + step));
  if (from < 0) return step > 0 ? 0 : count - 1;
  return (from + step + count) % count;
}
