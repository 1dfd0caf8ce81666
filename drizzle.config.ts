import { defineConfig } from "drizzle-kit";

// Only generates SQL from the schema; migrations are applied by the app at start-up
// (`db/migrate.ts`), on PostgreSQL and PGlite alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
