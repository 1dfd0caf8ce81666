import { count } from "drizzle-orm";
import type { DatabaseConnection } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { products } from "@/db/schema";
import { seedCatalog } from "@/services/catalog/seed-catalog";
import { ensureRevenueTimezone } from "@/services/revenue";

export interface PrepareDatabaseResult {
  seededProducts: number;
}

/**
 * Brings a database up to date at start-up: applies migrations, rebuilds the revenue rollups when
 * the reporting timezone changed, then seeds the catalog file (if
 * one is configured) into an empty catalog only, so the owner's later edits are never overwritten.
 */
export async function prepareDatabase(
  connection: DatabaseConnection,
  catalogFile: string | undefined,
  reportingTimezone = "UTC",
): Promise<PrepareDatabaseResult> {
  await runMigrations(connection.pool);
  await ensureRevenueTimezone(connection.db, reportingTimezone);
  if (catalogFile === undefined) return { seededProducts: 0 };
  const [row] = await connection.db.select({ total: count() }).from(products);
  if ((row?.total ?? 0) > 0) return { seededProducts: 0 };
  return { seededProducts: await seedCatalog(connection.db, catalogFile) };
}
