import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { licenseActivations, licenses, products, tenants } from "@/db/schema";
import type { LicenseViewSource } from "@/services/license/license-view";

export interface LicenseWithActivations extends LicenseViewSource {
  tenantCode: string;
  activations: { domain: string; fingerprint: string }[];
}

function prepare(db: Database) {
  return db
    .select({
      // Only what validation reads: every column parsed costs time on the hottest path.
      license: {
        key: licenses.key,
        status: licenses.status,
        expiresAt: licenses.expiresAt,
        activationLimit: licenses.activationLimit,
      },
      tenantCode: tenants.code,
      productSlug: products.slug,
      domain: licenseActivations.domain,
      fingerprint: licenseActivations.fingerprint,
    })
    .from(licenses)
    .innerJoin(tenants, eq(tenants.id, licenses.tenantId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .leftJoin(
      licenseActivations,
      and(eq(licenseActivations.licenseId, licenses.id), isNull(licenseActivations.deactivatedAt)),
    )
    .where(eq(licenses.key, sql.placeholder("key")))
    .prepare("find_license_for_validation");
}

const statements = new WeakMap<Database, ReturnType<typeof prepare>>();

/**
 * The license with this canonical key and its active activations, in one round trip through a
 * server-side prepared statement: validation is the hottest path customers' software calls.
 */
export async function findLicenseForValidation(db: Database, key: string): Promise<LicenseWithActivations | null> {
  let statement = statements.get(db);
  if (!statement) {
    statement = prepare(db);
    statements.set(db, statement);
  }
  const rows = await statement.execute({ key });
  const [first] = rows;
  if (!first) return null;
  const activations = rows.flatMap((row) =>
    row.domain !== null && row.fingerprint !== null ? [{ domain: row.domain, fingerprint: row.fingerprint }] : [],
  );
  return { license: first.license, tenantCode: first.tenantCode, productSlug: first.productSlug, activations };
}
