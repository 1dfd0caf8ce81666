import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { licenses, products, tenants, type License } from "@/db/schema";

export interface LicenseRecord {
  license: License;
  tenantCode: string;
  productSlug: string;
}

/**
 * The license with this canonical key, with its tenant's code and product's slug; null when none.
 * `forUpdate` locks the license row until the transaction ends, which serialises activations.
 */
export async function findLicenseByKey(
  db: Executor,
  key: string,
  options: { forUpdate?: boolean } = {},
): Promise<LicenseRecord | null> {
  const query = db
    .select({ license: licenses, tenantCode: tenants.code, productSlug: products.slug })
    .from(licenses)
    .innerJoin(tenants, eq(tenants.id, licenses.tenantId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .where(eq(licenses.key, key))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for("update", { of: licenses }) : query);
  return row ?? null;
}
