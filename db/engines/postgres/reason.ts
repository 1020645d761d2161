/** Why a connection or a statement failed, in words, with the driver's own text after them. */
export function reasonOf(error: unknown): string {
  // drizzle wraps the server's error in one that quotes the whole statement: the server's words say why.
  const source = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // Node reports a refused localhost (tried as ::1 and 127.0.0.1) as an AggregateError with no message.
  const { code, message } = source as { code?: string; message?: string };
  const said = message || code || String(error);
  const hint = code ? connectionHints[code] : undefined;
  return hint ? `${hint} (${said})` : said;
}

const connectionHints: Record<string, string> = {
  ECONNREFUSED: 'nothing answered there; is the PostgreSQL server running, and is the address right?',
  ENOENT: 'there is no PostgreSQL socket there; is the server running, and is the folder right?',
  ENOTFOUND: 'no computer has that name; check the server name in the address',
  ETIMEDOUT: 'the server did not answer in time; is it switched on and on this network?',
  '28P01': 'the server refused the user name or password',
  '28000': 'the server does not let this user connect from here',
  '3D000': 'the server has no database of that name; create it first (createdb)',
};
