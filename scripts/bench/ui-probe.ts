/**
 * The in-page half of `npm run bench:ui` (scripts/bench/ui.ts): installed before the app's scripts on
 * every page, it takes every measurement inside the page, so no Playwright round trip falls inside
 * one. The benchmark reads it through `window.__bench`.
 *
 * This file runs in the page, not in Node: ui.ts compiles it with esbuild into one script for
 * `page.addInitScript`, and imports only its types. (Passing a function to Playwright instead would
 * send tsx's transform of it, whose `__name` helper the page does not have.)
 */
import type { InputOf } from '../../shared/contract';

/** A keystroke in the search field, in page time (ms since its navigation). */
export interface KeySample {
  key: string;
  /** The keydown, the rows in the DOM, and the frame after. */
  t0: number;
  dom: number;
  paint: number;
  before: string;
  after: string;
  superseded: boolean;
  /** The customers.list call (offset 0) for its text: sent and answered, page time; null when the rows were cached. */
  callStart: number | null;
  callEnd: number | null;
}

export interface TakenSamples {
  samples: KeySample[];
  /** Keys still waiting for their rows. */
  pending: number;
  /** Keys that left the trimmed text as it was (a space): not samples. */
  unchanged: number;
  timeOrigin: number;
}

/** Navigation start to the first directory rows painted. */
export interface FirstRows {
  dom: number;
  paint: number;
  /** Where the time went: the page and its scripts, then the first customers.list call. */
  parts: { htmlLoaded: number | null; domContentLoaded: number | null; listSent: number | null; listAnswered: number | null };
}

/** The armed selector matched: when it was in the DOM, when painted, and the key pressed last before. */
export interface Seen {
  dom: number;
  paint: number;
  lastKey: { key: string; t0: number } | null;
}

export interface FrameGaps {
  frames: number;
  maxGapMs: number;
  gapsOver50ms: number;
}

/** A customers.list call the page made for a window's first rows. */
export interface ListCall {
  search: string;
  input: InputOf<'customers.list'>;
  start: number;
  end: number | null;
}

export interface BenchProbe {
  calls: ListCall[];
  /** [start, duration] of each long task, page time. */
  longTasks: [number, number][];
  samples: PaintedKey[];
  whenFirstRows: Promise<FirstRows>;
  /** Resolves once no key waits for its rows (true), or after `timeout` ms (false). */
  idle(timeout: number): Promise<boolean>;
  takeSamples(): TakenSamples;
  /** Watches for `selector`; `armed` resolves when it matches and is painted, or with null after `timeout` ms. */
  arm(selector: string, timeout: number): true;
  armed: Promise<Seen | null> | null;
  /** Drags the directory's scrollbar to the bottom in one go; returns when, page time. */
  jumpToBottom(): number;
  startFrames(): void;
  stopFrames(): FrameGaps | null;
}

declare global {
  interface Window {
    __bench?: BenchProbe;
  }
}

/** A key typed in the search field; `after` is the text it leaves, known once React has applied it. */
interface TypedKey {
  key: string;
  t0: number;
  before: string;
  after?: string;
}

interface ShownKey {
  key: string;
  t0: number;
  before: string;
  after: string;
  dom: number;
  /** The rows shown were for a later text than the key's own (it was overtaken). */
  superseded: boolean;
}

interface PaintedKey extends ShownKey {
  paint: number;
}

interface FrameWatch {
  last: number;
  maxGap: number;
  over50: number;
  count: number;
  running: boolean;
}

function installBenchProbe(): void {
  if (window.top !== window || window.__bench) return;
  let pending: TypedKey[] = [];
  let unchanged = 0;
  let lastKey: Seen['lastKey'] = null;
  let waiters: (() => void)[] = [];
  let frames: FrameWatch | null = null;
  let firstRowsSeen = false;
  let resolveFirstRows: (rows: FirstRows) => void = () => undefined;

  // The first task after the next frame: that frame's style, layout and paint are done.
  const painted = (cb: (t: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb(performance.now());
      channel.port2.postMessage(0);
    });
  const field = () => document.querySelector<HTMLInputElement>('input[aria-label="Search customers"]');
  const scroller = () => document.querySelector<HTMLElement>('[data-testid="directory-scroll"]');
  const frame = () => document.querySelector('[data-testid="directory-frame"]');
  const notify = () => {
    const waiting = waiters;
    waiters = [];
    for (const w of waiting) w();
  };

  const B: BenchProbe = {
    calls: [],
    longTasks: [],
    samples: [],
    whenFirstRows: new Promise((resolve) => (resolveFirstRows = resolve)),
    idle: (timeout) =>
      new Promise((resolve) => {
        const started = performance.now();
        const test = () => {
          if (pending.length === 0) return resolve(true);
          if (performance.now() - started > timeout) return resolve(false);
          waiters.push(test);
        };
        setTimeout(() => {
          waiters = waiters.filter((w) => w !== test);
          test();
        }, timeout + 1);
        test();
      }),
    takeSamples: () => {
      const s = B.samples;
      B.samples = [];
      // The call for the sample's text made after its keydown, if any (none: the rows came from the cache).
      const callFor = (p: { t0: number; dom: number; after: string }) => B.calls.find((c) => c.search === p.after && c.start >= p.t0 && c.start <= p.dom) ?? null;
      return {
        samples: s.map(({ key, t0, dom, paint, before, after, superseded }) => {
          const c = callFor({ t0, dom, after });
          return { key, t0, dom, paint, before, after, superseded, callStart: c ? c.start : null, callEnd: c ? c.end : null };
        }),
        pending: pending.length,
        unchanged,
        timeOrigin: performance.timeOrigin,
      };
    },
    // 3. Until a selector matches (armed before the key or scroll that should bring it).
    arm: (selector, timeout) => {
      B.armed = new Promise((resolve) => {
        const test = () => {
          if (!document.querySelector(selector)) return false;
          observer.disconnect();
          const dom = performance.now();
          painted((paint) => resolve({ dom, paint, lastKey }));
          return true;
        };
        const observer = new MutationObserver(test);
        if (!test()) observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
        setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, timeout);
      });
      return true;
    },
    armed: null,
    jumpToBottom: () => {
      const el = scroller();
      if (!el) throw new Error('The directory has no scroller');
      const t0 = performance.now();
      el.scrollTop = el.scrollHeight;
      return t0;
    },
    // 4. The window's frames while something runs: the longest gap between two.
    startFrames: () => {
      const f: FrameWatch = { last: performance.now(), maxGap: 0, over50: 0, count: 0, running: true };
      frames = f;
      const tick = (t: number) => {
        if (!f.running) return;
        const gap = t - f.last;
        if (f.count > 0) {
          f.maxGap = Math.max(f.maxGap, gap);
          if (gap > 50) f.over50++;
        }
        f.last = t;
        f.count++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames: () => {
      const f = frames;
      if (!f) return null;
      f.running = false;
      return { frames: f.count, maxGapMs: f.maxGap, gapsOver50ms: f.over50 };
    },
  };
  window.__bench = B;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the figures go without it.
  }

  // Each customers.list call the page makes, to split a keystroke's time into its parts.
  const fetch0 = window.fetch.bind(window);
  window.fetch = (url, init) => {
    let call: ListCall | null = null;
    try {
      const body = init && typeof init.body === 'string' ? (JSON.parse(init.body) as { method?: string; input?: InputOf<'customers.list'> } | null) : null;
      if (body && body.method === 'customers.list' && body.input && !body.input.offset) {
        call = { search: body.input.search || '', input: body.input, start: performance.now(), end: null };
        B.calls.push(call);
      }
    } catch {
      // Not a call of the API's: not ours to time.
    }
    const answer = fetch0(url, init);
    if (call) {
      const timed = call;
      answer.then(
        () => (timed.end = performance.now()),
        () => undefined,
      );
    }
    return answer;
  };

  // 1. The first directory rows after navigation (performance.now() counts from its start).
  const first = new MutationObserver(() => {
    if (firstRowsSeen || !document.querySelector('tbody tr.directory-row')) return;
    first.disconnect();
    firstRowsSeen = true;
    const dom = performance.now();
    painted((paint) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const list = B.calls.find((c) => c.search === '');
      resolveFirstRows({
        dom,
        paint,
        parts: {
          htmlLoaded: nav ? nav.responseEnd : null,
          domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
          listSent: list ? list.start : null,
          listAnswered: list ? list.end : null,
        },
      });
    });
  });
  first.observe(document, { childList: true, subtree: true });

  // 2. Keystrokes in the search field, until the rows for the text they leave are on screen.
  const check = () => {
    if (pending.length === 0) return;
    const el = frame();
    const shown = el ? el.getAttribute('data-results-for') : null;
    if (shown === null) return;
    const input = field();
    const current = input ? input.value.trim() : null;
    const dom = performance.now();
    const done: ShownKey[] = [];
    pending = pending.filter((p) => {
      if (p.after === undefined) return true;
      // Its own rows; or the rows for what the field holds now, typed after it (it was overtaken).
      if (p.after === shown || shown === current) {
        done.push({ key: p.key, t0: p.t0, before: p.before, after: p.after, dom, superseded: p.after !== shown });
        return false;
      }
      return true;
    });
    if (done.length === 0) return;
    painted((t) => {
      for (const p of done) B.samples.push({ ...p, paint: t });
      notify();
    });
  };
  new MutationObserver(check).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-results-for'] });
  document.addEventListener(
    'keydown',
    (e) => {
      lastKey = { key: e.key, t0: e.timeStamp };
      const input = field();
      if (!input || e.target !== input || ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
      const p: TypedKey = { key: e.key, t0: e.timeStamp, before: input.value.trim() };
      pending.push(p);
      // After this event's task (React has applied the keystroke by then): the text it leaves.
      setTimeout(() => {
        p.after = input.value.trim();
        if (p.after === p.before) {
          pending.splice(pending.indexOf(p), 1);
          unchanged++;
          notify();
          return;
        }
        check();
      }, 0);
    },
    true,
  );
}

installBenchProbe();
