import fs from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirInUseError, embeddedConnectionUrl, startEmbeddedDatabase, type EmbeddedDatabase } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { runTsChild, startTsChild } from "@/tests/support/child-process";
import { tempDataDir, tempDir } from "@/tests/support/test-database";

const CHILD = "tests/support/children/embedded-host.ts";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function host(dataDir: string): Promise<EmbeddedDatabase> {
  const embedded = await startEmbeddedDatabase({ dataDir });
  cleanups.push(() => embedded.stop());
  return embedded;
}

function pool(url: string, max = 5): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max });
  cleanups.push(() => created.end());
  return created;
}

async function lockedIncrement(db: pg.Pool): Promise<void> {
  const client = await db.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ n: number }>("select n from counter for update");
    await client.query("update counter set n = $1", [rows[0]!.n + 1]);
    await client.query("commit");
  } finally {
    client.release();
  }
}

describe("embedded database", () => {
  it("keeps each connection's parameterised statements whole beside other connections' transactions", async () => {
    const embedded = await host(tempDataDir());
    const db = pool(embedded.url, 6);
    await db.query("create table counter (n int not null); insert into counter values (0)");
    // A transaction's statements and plain statements of other connections, with different
    // parameter counts: a plain statement's Parse before another's BEGIN and its Bind after would
    // bind the transaction's statement ("bind message supplies 2 parameters, but … requires 1").
    const plain = (i: number) =>
      db.query<{ sum: number }>("select $1::int + $2::int + $3::int as sum", [i, 1, 1]).then((r) => r.rows[0]!.sum);
    const transaction = async () => {
      const client = await db.connect();
      try {
        await client.query("begin");
        await client.query("select n from counter where n >= $1 for update", [0]);
        await client.query("update counter set n = n + $1 where n >= $2", [1, 0]);
        await client.query("commit");
      } finally {
        client.release();
      }
    };
    const work = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? transaction().then(() => -1) : plain(i)));
    const results = await Promise.all(work);
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? -1 : i + 2)));
    expect((await db.query("select n from counter")).rows).toEqual([{ n: 10 }]);
  });

  it("keeps concurrent transactions isolated: 5 clients × 50 locked increments end at 250", async () => {
    const embedded = await host(tempDataDir());
    const db = pool(embedded.url, 5);
    await db.query("create table counter (n int not null); insert into counter values (0)");
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let i = 0; i < 50; i++) await lockedIncrement(db);
      }),
    );
    expect((await db.query("select n from counter")).rows[0]).toEqual({ n: 250 });
  });

  it("holds other connections while a transaction is open, and rolls back cleanly", async () => {
    const embedded = await host(tempDataDir());
    const db = pool(embedded.url, 3);
    await db.query("create table counter (n int not null); insert into counter values (0)");
    const writer = await db.connect();
    await writer.query("begin");
    await writer.query("update counter set n = 99");
    const reader = db.query<{ n: number }>("select n from counter");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writer.query("rollback");
    writer.release();
    expect((await reader).rows[0]).toEqual({ n: 0 });
  });

  it("serves only a migrated schema, so clients migrating at once find nothing left to do", async () => {
    const embedded = await host(tempDataDir());
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
    const [first, second] = [pool(embedded.url, 2), pool(embedded.url, 2)];
    const applied = await first.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(applied.rows[0]?.n).toBe(journal.entries.length);
    await Promise.all([runMigrations(first), runMigrations(second)]);
    expect((await second.query("select count(*)::int as n from drizzle.__drizzle_migrations")).rows[0]).toEqual({
      n: journal.entries.length,
    });
  });

  it("refuses a second host of the same data directory, in this process or another", async () => {
    const dataDir = tempDataDir();
    const embedded = await host(dataDir);
    await expect(startEmbeddedDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    const second = startTsChild(CHILD, ["host", dataDir]);
    expect(await second.firstLine).toMatch(/^refused: The embedded database is already open in another process/);
    expect(await second.exit).toBe(3);
    // The first host still serves, untouched.
    expect((await pool(embedded.url).query("select 1 as ok")).rows[0]).toEqual({ ok: 1 });
  });

  it("lets exactly one of several processes starting together open the files", async () => {
    const dataDir = tempDir();
    const children = Array.from({ length: 4 }, () => startTsChild(CHILD, ["host", dataDir]));
    cleanups.push(async () => {
      for (const child of children) child.process.kill("SIGTERM");
      await Promise.all(children.map((child) => child.exit));
    });
    const lines = await Promise.all(children.map((child) => child.firstLine));
    expect(lines.filter((line) => line === "ready")).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith("refused:"))).toHaveLength(3);
  });

  it("serves other processes, whose writes interleave without loss", async () => {
    const dataDir = tempDataDir();
    const embedded = await host(dataDir);
    const db = pool(embedded.url);
    await db.query("create table counter (n int not null); insert into counter values (0)");
    await Promise.all([1, 2, 3].map(() => runTsChild(CHILD, ["increment", dataDir, "30"])));
    expect((await db.query("select n from counter")).rows[0]).toEqual({ n: 90 });
  });

  it("recovers after its host is killed: the claim dies with it and committed data survives", async () => {
    const dataDir = tempDataDir();
    const child = startTsChild(CHILD, ["host", dataDir]);
    expect(await child.firstLine).toBe("ready");
    const client = new pg.Client({ connectionString: embeddedConnectionUrl(dataDir) });
    await client.connect();
    await client.query("create table counter (n int not null); insert into counter values (41)");
    await client.end().catch(() => undefined);
    child.process.kill("SIGKILL");
    await child.exit;

    const embedded = await host(dataDir);
    expect((await pool(embedded.url).query("select n from counter")).rows[0]).toEqual({ n: 41 });
  });
});
