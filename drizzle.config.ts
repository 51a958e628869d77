import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new timestamped migration into migrations/ from the
// schema files. Never edit a shipped migration: add a new one.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/core/db/schema/index.ts',
  out: './migrations',
  migrations: { prefix: 'timestamp' },
});
