// The PostgreSQL engine's migrations (issue 13): `npx drizzle-kit generate --config drizzle.postgres.config.mts`.
// SQLite's stay with drizzle.config.ts; the two folders are generated and committed apart.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/engines/postgres/schema/index.ts',
  out: './db/engines/postgres/migrations',
});
