import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseConnection } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { missing, postgresUrl } from "@/tests/support/services";
import { createEmbeddedDatabase, createPostgresDatabase, type TestDatabase } from "@/tests/support/test-database";

/**
 * The same migrations must produce the same schema on PostgreSQL and on PGlite. pg_dump cannot
 * read PGlite (it runs a newer PostgreSQL), so the comparison goes through information_schema and
 * the catalog views both engines share.
 */
/** PostgreSQL 15 prints `((a = b))` where 18 prints `(a = b)`; the meaning is the same. */
function withoutOuterParentheses(clause: string | null): string | null {
  let text = clause;
  while (text?.startsWith("(") && text.endsWith(")") && enclosesAll(text)) text = text.slice(1, -1);
  return text;
}

function enclosesAll(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

async function describeSchema({ pool }: DatabaseConnection) {
  const query = async (text: string) => (await pool.query(text)).rows;
  return {
    columns: await query(`
      select table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
      from information_schema.columns where table_schema = 'public'
      order by table_name, column_name`),
    constraints: (
      await query(`
      select tc.table_name, tc.constraint_name, tc.constraint_type, cc.check_clause
      from information_schema.table_constraints tc
      left join information_schema.check_constraints cc
        on cc.constraint_name = tc.constraint_name and cc.constraint_schema = tc.constraint_schema
      where tc.table_schema = 'public' and tc.constraint_name not like '%_not_null'
      order by tc.table_name, tc.constraint_name`)
    ).map((row) => ({
      ...row,
      check_clause: withoutOuterParentheses(row.check_clause as string | null),
    })),
    foreignKeys: await query(`
      select kcu.table_name, kcu.column_name, ccu.table_name as references_table, ccu.column_name as references_column
      from information_schema.referential_constraints rc
      join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.constraint_name
      where kcu.table_schema = 'public'
      order by kcu.table_name, kcu.column_name`),
    indexes: await query(`
      select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
      order by tablename, indexname`),
  };
}

describe.skipIf(missing("postgres"))("schema parity between PostgreSQL and PGlite", () => {
  let postgres: TestDatabase;
  let pglite: TestDatabase;

  beforeAll(async () => {
    [postgres, pglite] = await Promise.all([createPostgresDatabase(postgresUrl!), createEmbeddedDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([postgres?.drop(), pglite?.drop()]);
  });

  it("creates every table of the design", async () => {
    const { rows } = await pglite.connection.pool.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      "api_keys",
      "audit_events",
      "checkout_orders",
      "license_activations",
      "license_signing_keys",
      "licenses",
      "owner_accounts",
      "owner_ended_sessions",
      "owner_recovery_codes",
      "owner_setup_tokens",
      "payment_mismatches",
      "products",
      "revenue_daily",
      "revenue_deltas",
      "revenue_settings",
      "subscriptions",
      "tenants",
      "transactions",
      "webhook_events",
    ]);
  });

  it("gives identical columns, constraints, foreign keys and indexes", async () => {
    const [onPostgres, onPglite] = await Promise.all([
      describeSchema(postgres.connection),
      describeSchema(pglite.connection),
    ]);
    expect(onPostgres.columns.length).toBeGreaterThan(80);
    expect(onPglite.columns).toEqual(onPostgres.columns);
    expect(onPglite.constraints).toEqual(onPostgres.constraints);
    expect(onPglite.foreignKeys).toEqual(onPostgres.foreignKeys);
    expect(onPglite.indexes).toEqual(onPostgres.indexes);
  });

  it("applies migrations idempotently, also when processes race", async () => {
    await Promise.all([runMigrations(postgres.connection.pool), runMigrations(postgres.connection.pool)]);
    const { rows } = await postgres.connection.pool.query(
      "select count(*)::int as n from drizzle.__drizzle_migrations",
    );
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
    expect(rows[0]).toEqual({ n: journal.entries.length });
  });
});
