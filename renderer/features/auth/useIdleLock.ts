import { useEffect, useRef } from 'react';

/** What counts as someone still being at the counter. */
const activityEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once nobody has touched the pointer or keyboard for `minutes` (0 never).
 * A plain setTimeout re-armed on activity: the browser's own timers (and Playwright's fake clock)
 * drive it, and nothing polls while the counter is busy.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    if (!(minutes > 0)) return undefined;
    let timer: number | undefined;
    const rearm = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => onIdleRef.current(), minutes * 60_000);
    };
    // Capture phase: a dialog or input that stops propagation still counts as activity.
    for (const type of activityEvents) window.addEventListener(type, rearm, { capture: true, passive: true });
    rearm();
    return () => {
      window.clearTimeout(timer);
      for (const type of activityEvents) window.removeEventListener(type, rearm, { capture: true });
    };
  }, [minutes]);
}
