import { defineConfig } from 'drizzle-kit';

// One schema per engine, each with its own migrations (docs/decisions/0014).
// `npm run db:generate` runs drizzle-kit once for each.
const postgres = process.env.DRIZZLE_DIALECT === 'postgresql';

export default postgres
  ? defineConfig({
      dialect: 'postgresql',
      schema: './src/db/schema/postgres.ts',
      out: './migrations/postgres',
      dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/conduit' },
    })
  : defineConfig({
      dialect: 'sqlite',
      schema: './src/db/schema/sqlite.ts',
      out: './migrations/sqlite',
      dbCredentials: { url: process.env.DATABASE_PATH ?? 'data/conduit.db' },
    });
