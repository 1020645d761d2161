import { describe, expect, it } from 'vitest';
import { figure } from '../../../scripts/bench/figures';

/** 100 timings: 1 to 100 ms, so the p50 is about 50 ms and the p95 about 95 ms. */
const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe("a benchmark figure's target", () => {
  it('is met only when every bound it sets holds: the p50 and the p95 alike', () => {
    expect(figure('f', 'both hold', oneToHundred, { p50: 60, p95: 96 }).met).toBe(true);
    // The keystroke's target in issue 16 bounds the p50 too: a p95 within bounds does not hide a slow p50.
    expect(figure('f', 'the p50 over', oneToHundred, { p50: 30, p95: 96 }).met).toBe(false);
    expect(figure('f', 'the p95 over', oneToHundred, { p50: 60, p95: 50 }).met).toBe(false);
    expect(figure('f', 'the slowest over', oneToHundred, { max: 99 }).met).toBe(false);
    expect(figure('f', 'no target', oneToHundred, {}).met).toBeNull();
  });
});
