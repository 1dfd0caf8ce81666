import fs from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, runMigrations } from "@/db/migrate";
import { missing, postgresUrl } from "@/tests/support/services";
import { createPostgresDatabase, tempDir, type TestDatabase } from "@/tests/support/test-database";

/**
 * Migration 0006 gives every existing order and license its environment: a database with orders
 * and licenses from before it upgrades without losing one, each told live or test by what is known.
 * On PostgreSQL: the embedded host always migrates its database to the newest schema as it opens.
 */
const skip = missing("postgres");
let database: TestDatabase | undefined;
beforeAll(async () => {
  if (!skip) database = await createPostgresDatabase(postgresUrl!, false);
});
afterAll(() => database?.drop());

/** The migrations up to and including `last`, as a folder of their own. */
function migrationsUpTo(last: string): string {
  const folder = tempDir("agy-migrations-");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((entry) => entry.tag === last);
  journal.entries = journal.entries.slice(0, end + 1);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe.skipIf(skip)("migration 0006 on a database in use", () => {
  it("tells each order and license live or test from what it knew before", async () => {
    const { pool } = database!.connection;
    await migrate(drizzle(pool), { migrationsFolder: migrationsUpTo("0005_license_checkout_order") });
    await pool.query(`
      insert into tenants (id, email, code) values ('00000000-0000-4000-8000-0000000000a1', 'old@example.com', 'AB12');
      insert into products (id, slug, name, kind, price_minor, currency)
        values ('00000000-0000-4000-8000-0000000000b1', 'kit', 'Kit', 'one_time', 4900, 'USD');
      insert into checkout_orders (id, product_id, email, provider, amount_minor, currency, status, provider_checkout_id) values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'simulated', 4900, 'USD', 'paid', 'sim_cs_1'),
        ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'stripe', 4900, 'USD', 'pending', 'cs_test_a1'),
        ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'stripe', 4900, 'USD', 'pending', 'cs_live_a1'),
        ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'paypal', 4900, 'USD', 'paid', '5O1'),
        ('00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'gumroad', 4900, 'USD', 'paid', null),
        ('00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'paypal', 4900, 'USD', 'pending', '5O2'),
        ('00000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-0000000000b1', 'old@example.com', 'stripe', 4900, 'USD', 'failed', null);
      insert into transactions (tenant_id, checkout_order_id, provider, provider_transaction_id, kind, amount_minor,
                                currency, status, environment, occurred_at) values
        ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000004', 'paypal', '3C1', 'payment', 4900, 'USD', 'succeeded', 'test', now()),
        ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000005', 'gumroad', 'sale1', 'payment', 4900, 'USD', 'succeeded', 'live', now());
      insert into licenses (key, tenant_id, product_id, checkout_order_id, issued_at, expires_at) values
        ('AGY-AB12-A-1', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000001', now(), now()),
        ('AGY-AB12-A-4', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000004', now(), now()),
        ('AGY-AB12-A-5', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000005', now(), now()),
        ('AGY-AB12-A-X', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1', null, now(), now());
    `);

    await runMigrations(pool);

    const orders = await pool.query<{ provider_checkout_id: string | null; environment: string }>(
      "select provider_checkout_id, environment from checkout_orders order by id",
    );
    // Paid by a test payment, simulated, cs_test_, cs_live_, paid live, PayPal's last money here
    // (sandbox), and nothing known at all (live: a test payment is then held, never licensed).
    expect(orders.rows.map((row) => row.environment)).toEqual(["test", "test", "live", "test", "live", "test", "live"]);
    const issued = await pool.query<{ key: string; environment: string }>(
      "select key, environment from licenses order by key",
    );
    expect(Object.fromEntries(issued.rows.map((row) => [row.key, row.environment]))).toEqual({
      "AGY-AB12-A-1": "test",
      "AGY-AB12-A-4": "test",
      "AGY-AB12-A-5": "live",
      "AGY-AB12-A-X": "live",
    });
    // And from now on the database insists on one.
    await expect(
      pool.query(
        "insert into checkout_orders (product_id, email, provider, amount_minor, currency) values ('00000000-0000-4000-8000-0000000000b1', 'x@example.com', 'stripe', 1, 'USD')",
      ),
    ).rejects.toThrow(/environment/);
  });
});
