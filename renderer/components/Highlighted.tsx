import { Fragment } from 'react';
import { looksLikePhone } from '../../shared/format/phone';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Where the query matches the text, ignoring case and accents ("jose" finds "José"). With `digits`,
 * only digits count on both sides, so "4123" finds "024 412 3456". Matches at a word start win.
 */
export function matchRanges(text: string, query: string, digits = false): [number, number][] {
  const chars: string[] = [];
  const map: number[] = [];
  let index = 0;
  for (const cp of text) {
    for (const c of fold(cp)) {
      if (digits && !/\d/.test(c)) continue;
      chars.push(c);
      map.push(index);
    }
    index += cp.length;
  }
  const haystack = chars.join('');
  const tokens = digits ? [query.replace(/\D/g, '')] : fold(query).split(/\s+/);
  const ranges: [number, number][] = [];
  for (const token of tokens) {
    if (token === '') continue;
    let best = -1;
    for (let at = haystack.indexOf(token); at >= 0; at = haystack.indexOf(token, at + 1)) {
      if (best < 0) best = at;
      if (digits || !isWordChar(haystack[at - 1])) {
        best = at;
        break;
      }
    }
    if (best < 0) continue;
    const end = best + token.length - 1;
    const last = map[end];
    ranges.push([map[best], last + (text.codePointAt(last)! > 0xffff ? 2 : 1)]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/**
 * The text with the part that matched the search marked: a plain <mark> styled as Mantine's yellow
 * Mark (app.css), as it is rendered in every row of the directory on every keystroke.
 */
export function Highlighted({ text, query, digits = false }: { text: string; query: string; digits?: boolean }) {
  const ranges = query.trim() ? matchRanges(text, query, digits) : [];
  if (ranges.length === 0) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  ranges.forEach(([from, to], i) => {
    if (from > at) parts.push(<Fragment key={`t${i}`}>{text.slice(at, from)}</Fragment>);
    parts.push(
      <mark key={`m${i}`} className="search-hit">
        {text.slice(from, to)}
      </mark>,
    );
    at = to;
  });
  if (at < text.length) parts.push(<Fragment key="rest">{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}

/** A search made of digits (and phone punctuation) is looked for in phones only. */
export const isPhoneQuery = (query: string) => looksLikePhone(query.trim());
