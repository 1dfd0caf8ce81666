import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { products } from "@/db/schema";
import { parseEnv } from "@/lib/env";
import { openPreparedDatabase, prepareDatabase } from "@/services/setup";
import { createTestDatabase, tempDataDir, type TestDatabase } from "@/tests/support/test-database";

const created: TestDatabase[] = [];
afterAll(async () => {
  for (const database of created) await database.drop();
});

describe("prepareDatabase", () => {
  it("migrates a blank database and seeds the demo catalog once", async () => {
    const database = await createTestDatabase(false);
    created.push(database);
    const first = await prepareDatabase(database.connection, "db/seed/demo-catalog.json");
    expect(first.seededProducts).toBe(6);

    // The owner's edits survive the next start.
    await database.connection.db.update(products).set({ name: "Renamed" }).where(eq(products.slug, "care-plan"));
    const second = await prepareDatabase(database.connection, "db/seed/demo-catalog.json");
    expect(second.seededProducts).toBe(0);
    const [carePlan] = await database.connection.db.select().from(products).where(eq(products.slug, "care-plan"));
    expect(carePlan?.name).toBe("Renamed");
  });
});

describe("openPreparedDatabase", () => {
  it("serves the embedded database itself when no other process does, then reuses the running one", async () => {
    const env = parseEnv({ DATA_DIR: tempDataDir() });
    const host = await openPreparedDatabase(env);
    expect(host.embedded).toBeDefined();
    expect(host.seededProducts).toBe(6);
    const guest = await openPreparedDatabase(env);
    expect(guest.embedded).toBeUndefined();
    expect(guest.connection.engine).toBe("pglite");
    expect((await guest.connection.pool.query("select count(*)::int as n from products")).rows[0]).toEqual({ n: 6 });
    await guest.close();
    await host.close();
  });
});

describe("openPreparedDatabase for the app", () => {
  it("waits for a command holding the data directory, then serves it itself", async () => {
    const env = parseEnv({ DATA_DIR: tempDataDir() });
    const command = await openPreparedDatabase(env);
    setTimeout(() => void command.close(), 500);
    const app = await openPreparedDatabase(env, { serveWithinMs: 10_000 });
    expect(app.embedded).toBeDefined();
    await app.close();
  });

  it("gives up with a clear error while another app keeps serving it", async () => {
    const env = parseEnv({ DATA_DIR: tempDataDir() });
    const running = await openPreparedDatabase(env);
    await expect(openPreparedDatabase(env, { serveWithinMs: 300 })).rejects.toThrowError(
      /already open in another process/,
    );
    await running.close();
  });
});

describe("prepareDatabase without a catalog", () => {
  it("migrates and seeds nothing", async () => {
    const database = await createTestDatabase(false);
    created.push(database);
    expect(await prepareDatabase(database.connection, undefined)).toEqual({ seededProducts: 0 });
    const { rows } = await database.connection.pool.query("select count(*)::int as n from products");
    expect(rows[0]).toEqual({ n: 0 });
  });
});
