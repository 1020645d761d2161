/**
 * The rows customer_phone_grams (PostgreSQL migration 0009) should hold, worked out here from each
 * searchable customer's digit strings: every run of four digits as `gram:customer`, sorted.
 */
export function phoneRunRows(customers: readonly { id: number; phone_search: string | null }[]): string[] {
  const rows = new Set<string>();
  for (const { id, phone_search } of customers)
    for (const digits of (phone_search ?? '').split(' ')) for (let i = 0; i + 4 <= digits.length; i++) rows.add(`${Number(digits.slice(i, i + 4))}:${id}`);
  return [...rows].sort();
}

export const searchablePhonesSql = 'SELECT id, phone_search FROM customers WHERE merged_into IS NULL AND erased_at IS NULL ORDER BY id';
export const storedPhoneRunsSql = "SELECT gram || ':' || customer_id AS row FROM customer_phone_grams";
