import fs from "node:fs";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { products, type NewProduct } from "@/db/schema";
import { readNamedVariable } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { parseMajorUnits } from "@/lib/money";
import { CatalogFileSchema, type CatalogProduct } from "@/services/catalog/catalog-file.schema";

type ProviderId = CatalogProduct["providers"]["stripePriceId"];

function resolveProviderId(value: ProviderId): string | null {
  if (value === undefined) return null;
  if (typeof value === "string") return value;
  return readNamedVariable(value.env) ?? null;
}

function toProductRow(product: CatalogProduct): NewProduct {
  return {
    slug: product.slug,
    name: product.name,
    description: product.description,
    kind: product.kind,
    priceMinor: parseMajorUnits(product.price.amount, product.price.currency).amountMinor,
    currency: product.price.currency,
    billingInterval: product.billingInterval ?? null,
    activationLimit: product.activationLimit,
    active: product.active,
    stripePriceId: resolveProviderId(product.providers.stripePriceId),
    paypalPlanId: resolveProviderId(product.providers.paypalPlanId),
    gumroadPermalink: resolveProviderId(product.providers.gumroadPermalink),
  };
}

/** Reads and validates a catalog file; errors name the file and the field at fault. */
export function readCatalogFile(file: string): NewProduct[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (cause) {
    throw new AppError("validation_failed", `Cannot read catalog ${file}`, {
      userMessage: `Cannot read catalog file ${file}: ${(cause as Error).message}`,
      field: "CATALOG_FILE",
      cause,
    });
  }
  try {
    return parseInput(CatalogFileSchema, raw).products.map(toProductRow);
  } catch (error) {
    if (error instanceof AppError) {
      const userMessage = `${file}: ${error.userMessage}`;
      throw new AppError("validation_failed", userMessage, { userMessage, field: error.field, cause: error });
    }
    throw error;
  }
}

/**
 * Applies a catalog: inserts missing products and updates existing ones by slug. Idempotent;
 * products not in the file are left alone. Returns how many products the file holds.
 */
export async function seedCatalog(db: Executor, file: string): Promise<number> {
  const rows = readCatalogFile(file);
  await db
    .insert(products)
    .values(rows)
    .onConflictDoUpdate({
      target: products.slug,
      set: {
        name: sql`excluded.name`,
        description: sql`excluded.description`,
        kind: sql`excluded.kind`,
        priceMinor: sql`excluded.price_minor`,
        currency: sql`excluded.currency`,
        billingInterval: sql`excluded.billing_interval`,
        activationLimit: sql`excluded.activation_limit`,
        active: sql`excluded.active`,
        stripePriceId: sql`excluded.stripe_price_id`,
        paypalPlanId: sql`excluded.paypal_plan_id`,
        gumroadPermalink: sql`excluded.gumroad_permalink`,
        updatedAt: sql`now()`,
      },
    });
  return rows.length;
}
