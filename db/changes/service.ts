import type { BookChanges } from '../../shared/contract';
import type { CoreContext } from '../context';
import { one, type Query } from '../query';

/** How many of the newest audit entries are counted: far more than can be in flight at once. */
const RECENT = 1000;

/**
 * Every write call records an audit entry in its own transaction (db/core.ts `planCall`), so the audit
 * log says when the book changed, whichever till or process wrote. Its newest id alone is not enough on
 * a shared book: two tills' transactions take ids 10 and 11, 11 commits first, and 10 commits after a
 * window has already seen 11. So the version is the newest id with how many of the entries near it are
 * committed: a late commit among them moves it too. Two index reads, on both engines.
 */
export function* bookChanges(_ctx: CoreContext): Query<BookChanges> {
  const row = yield* one<{ latest: number | null; recent: number }>(
    `SELECT max(id) AS latest, count(*) AS recent FROM audit_log WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) - ${RECENT}`,
  );
  return { version: `${row?.latest ?? 0}.${row?.recent ?? 0}` };
}
