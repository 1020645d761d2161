import { useEffect, useRef } from 'react';

/**
 * A barcode scanner is a keyboard that types a card's code a few milliseconds a key and ends it with
 * Enter. Keys that follow each other by less than HOLD_GAP_MS make a burst (FIRST_GAP_MS for the
 * second key: the page's work on the first one, a search starting, can hold the next back that
 * long), and all but the first are held back from the field until it is clear what they are. A burst
 * of at least SCAN_MIN_LENGTH keys, SCAN_AVERAGE_MS or less apart on average, ended by Enter, is a
 * scan. On a busy two-core till, keys sent 8 ms apart arrived 11 to 40 ms apart (now and then 70);
 * people type 80 ms or more a key, so typing is never taken for a scan, and the odd key a fast typist
 * rolls over is held a moment and lands, in order, where it was going.
 */
export const HOLD_GAP_MS = 80;
export const FIRST_GAP_MS = 100;
export const SCAN_AVERAGE_MS = 35;
export const SCAN_MIN_LENGTH = 6;

/** Takes a scanned code; true when it was a card it knew (the keys are then dropped), false to have them typed after all. */
type ScanHandler = (code: string) => Promise<boolean>;

/** Who a scan goes to: the newest registered (the quick sale while it is open, else the app's shell). */
const handlers: { current: ScanHandler }[] = [];

/** Sends scans to `handler` while the component is mounted, ahead of those registered before it. */
export function useScanHandler(handler: ScanHandler): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const entry = { current: (code: string) => latest.current(code) };
    handlers.push(entry);
    return () => {
      handlers.splice(handlers.indexOf(entry), 1);
    };
  }, []);
}

type Editable = HTMLInputElement | HTMLTextAreaElement;
const editable = (target: EventTarget | null): Editable | null =>
  target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)) ? target : null;

/** Sets a field's text as typing would, so that React's onChange sees it. */
function setFieldText(field: Editable, text: string) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set;
  setter?.call(field, text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

interface Burst {
  /** The field the burst's first key went to, and its text before that key: a scan puts it back. */
  field: Editable | null;
  before: string;
  /** Every key of the burst; all but the first were held back from the field. */
  keys: string[];
  first: number;
  last: number;
}

/** Types keys that were held back where they were going, as they would have been typed. */
function typeHeld(win: Window, burst: Burst) {
  const held = burst.keys.slice(1).join('');
  if (!held || !burst.field || win.document.activeElement !== burst.field) return;
  // insertText types at the caret as the keys would have, and React sees an input event.
  win.document.execCommand('insertText', false, held);
}

/**
 * Watches the keyboard for scans, from the first key on (capture, before any field): a scan goes to
 * the newest handler; a scan of a code no card has, and a burst that turns out to be typing, get
 * their held keys typed where they were going (and a scan's Enter pressed after them). Returns what
 * stops it.
 */
export function installScanner(win: Window = window): () => void {
  let burst: Burst | null = null;
  let settle: number | undefined;

  const release = () => {
    win.clearTimeout(settle);
    if (burst) typeHeld(win, burst);
    burst = null;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.isTrusted) return;
    const at = event.timeStamp;
    const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
    const gap = burst ? at - burst.last : Infinity;
    const inBurst = burst !== null && gap < (burst.keys.length === 1 ? FIRST_GAP_MS : HOLD_GAP_MS);
    if (printable && inBurst) {
      event.preventDefault();
      event.stopPropagation();
      burst!.keys.push(event.key);
      burst!.last = at;
      win.clearTimeout(settle);
      settle = win.setTimeout(release, FIRST_GAP_MS * 2);
      return;
    }
    const handler = handlers.at(-1);
    const scan = burst;
    if (event.key === 'Enter' && inBurst && handler && scan!.keys.length >= SCAN_MIN_LENGTH && (scan!.last - scan!.first) / (scan!.keys.length - 1) <= SCAN_AVERAGE_MS) {
      event.preventDefault();
      event.stopPropagation();
      win.clearTimeout(settle);
      burst = null;
      const { field, before } = scan!;
      void handler.current(scan!.keys.join('')).then(
        (known) => {
          if (known) {
            if (field && field.value !== before) setFieldText(field, before);
            return;
          }
          // No card has it: it was typed, by a person or a scanner reading something else.
          typeHeld(win, scan!);
          field?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
        },
        () => typeHeld(win, scan!),
      );
      return;
    }
    if (burst) release();
    if (printable) {
      // A key after a pause lands where it is typed, as a person's always does; it may start a scan.
      const field = editable(event.target);
      burst = { field, before: field?.value ?? '', keys: [event.key], first: at, last: at };
    }
  };

  win.addEventListener('keydown', onKeyDown, true);
  return () => {
    win.removeEventListener('keydown', onKeyDown, true);
    win.clearTimeout(settle);
  };
}
