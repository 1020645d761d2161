import { z } from 'zod';

const wanted = 'A shared book is a PostgreSQL address such as postgresql://user:password@server/database (postgres:// or postgresql:// only)';

/**
 * A PostgreSQL book's address: a `postgres://` or `postgresql://` URL, e.g.
 * `postgresql://regulars:secret@shop-server/regulars` or, over a Unix socket,
 * `postgresql://postgres@localhost/regulars?host=/run/postgresql`. The protocol alone would let
 * `postgres:book` through: the `//` is what makes the rest an address.
 */
export const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: wanted }).regex(/^postgres(ql)?:\/\//i, { error: wanted });

/**
 * Text with every address's password hidden, for messages and logs: an address is shown to explain
 * a failure, and a password must never be shown, logged or echoed. Works on any text, not only a
 * valid URL, because the text to explain may be the one that did not parse. Everything from `user:`
 * to the line's last `@` goes, so a password with an unescaped `@`, `/` or space is hidden whole.
 */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/?#\s]*:)[^\n]*@/gi, '$1***@').replace(/(password=)[^&#\s]*/gi, '$1***');
}

/** The password an address carries, in the userinfo or as a parameter; empty when it has none. */
export function passwordOf(url: string): string {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || '';
  } catch {
    return '';
  }
}

/**
 * `redactUrl` that also hides `url`'s own password wherever it was echoed (a driver's or the server's
 * words may quote it on its own), for every message about that address.
 */
export function passwordHider(url: string): (text: string) => string {
  const password = passwordOf(url);
  return (text) => redactUrl(password ? text.split(password).join('***') : text);
}
