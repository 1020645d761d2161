import { useEffect, useRef } from 'react';
import { CARD_CODE_MIN_LENGTH } from '../../../shared/contract';

/**
 * A barcode scanner is a keyboard that types a card's code a few milliseconds a key and ends it with
 * Enter. Keys that follow each other by less than BURST_GAP_MS make a burst; a burst of at least
 * CARD_CODE_MIN_LENGTH keys, SCAN_AVERAGE_MS or less apart on average, ended by Enter, is a scan.
 * The average, because a key can be held back by the page's work on the one before (a search
 * starting, a field re-drawn): on a busy two-core till, keys sent 8 ms apart arrived 11 to 40 ms
 * apart, now and then 70 to 110. People type 80 ms a key and more (100 words a minute is 120 ms), so
 * six keys and Enter at 50 ms are never typing. Shift, which many scanners press for a capital,
 * neither starts nor breaks a burst.
 *
 * The keys land as they are typed, so no key a person types is ever held back or reordered; a scan
 * of a known card then puts the field it went to back as it was, and its Enter does nothing else.
 * Only the Enter that ends a burst waits, for the answer to whether it was a card.
 */
export const BURST_GAP_MS = 150;
export const SCAN_AVERAGE_MS = 50;

/** Takes a scanned code; true when it was a card it knew (its keys are then taken back out of the field), false when it was typing after all. */
type ScanHandler = (code: string) => Promise<boolean>;

/** Who a scan goes to: the newest registered (the card dialog or the quick sale while open, else the app's shell). */
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
  target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type))
    ? target
    : null;

const modifiers = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'AltGraph', 'Meta']);

/** Sets a field's text as typing would, so that React's onChange sees it. */
function setFieldText(field: Editable, text: string) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set;
  setter?.call(field, text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Presses Enter in a field after a burst that was typing after all: what Enter does there, as far as a page can do it. */
function pressEnter(win: Window, field: Editable | null) {
  if (!field) return;
  const handled = !field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
  if (handled) return;
  // A page's own Enter does not submit a form or break a line: the browser's would have.
  if (field instanceof HTMLTextAreaElement) win.document.execCommand('insertText', false, '\n');
  else field.form?.requestSubmit();
}

interface Burst {
  /** The text field the burst's first key went to (null: none), and its text before that key. */
  field: Editable | null;
  before: string;
  keys: string[];
  first: number;
  last: number;
}

/**
 * Watches the keyboard for scans (capture, before any field sees the Enter): a scan goes to the
 * newest handler. Returns what stops it.
 */
export function installScanner(win: Window = window): () => void {
  let burst: Burst | null = null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.isTrusted || modifiers.has(event.key)) return;
    const at = event.timeStamp;
    const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
    const inBurst = burst !== null && at - burst.last < BURST_GAP_MS;
    if (printable && inBurst) {
      burst!.keys.push(event.key);
      burst!.last = at;
      return;
    }
    const scan = burst;
    burst = null;
    const handler = handlers.at(-1);
    if (event.key === 'Enter' && inBurst && handler && scan!.keys.length >= CARD_CODE_MIN_LENGTH && (scan!.last - scan!.first) / (scan!.keys.length - 1) <= SCAN_AVERAGE_MS) {
      event.preventDefault();
      event.stopPropagation();
      const { field, before } = scan!;
      const typed = field?.value;
      // Typing after all: its Enter goes through now, unless keys typed while the card was looked up
      // changed the text. That Enter was for the text as it was, and is dropped as a search drops it.
      const enterIfUnchanged = () => {
        if (field?.value === typed) pressEnter(win, field);
      };
      void handler.current(scan!.keys.join('')).then((known) => {
        if (!known) return enterIfUnchanged();
        // What the scanner typed into the field comes out again, whatever else it holds.
        if (field && field.value !== before) setFieldText(field, before);
      }, enterIfUnchanged);
      return;
    }
    if (printable) {
      // A key after a pause may start a scan.
      const field = editable(event.target);
      burst = { field, before: field?.value ?? '', keys: [event.key], first: at, last: at };
    }
  };

  win.addEventListener('keydown', onKeyDown, true);
  return () => win.removeEventListener('keydown', onKeyDown, true);
}
