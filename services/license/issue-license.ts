import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { licenses, products, tenants, type License } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getSecret } from "@/lib/secrets";
import { formatLicenseKey } from "@/services/license/license-key";
import { addBillingPeriod, addDays, LICENSE_TERM_DAYS } from "@/services/license/license-term";

export interface IssueLicenseInput {
  tenantId: string;
  productId: string;
  /** For subscriptions: the subscription the license follows. */
  subscriptionId?: string;
  /** The purchase that issues it; a second license for the same order is refused by a unique key. */
  checkoutOrderId?: string;
  /** For subscriptions: the end of the paid period. Defaults to one billing period from now. */
  paidThrough?: Date;
  now?: Date;
}

// Two licenses issued for one tenant in the same millisecond would share a key; the next free
// millisecond keeps keys unique without changing their format. 100 in a row taken means a fault.
export const MAX_KEY_ATTEMPTS = 100;

/**
 * Issues a license: a one-time purchase runs 365 days from issue, a subscription to the end of its
 * paid period. The activation limit comes from the product. Not idempotent by itself: provisioning
 * calls it once per purchase inside its own transaction.
 */
export async function issueLicense(db: Executor, input: IssueLicenseInput): Promise<License> {
  const now = input.now ?? new Date();
  const [tenant] = await db.select({ code: tenants.code }).from(tenants).where(eq(tenants.id, input.tenantId));
  const [product] = await db.select().from(products).where(eq(products.id, input.productId));
  if (!tenant) throw new AppError("not_found", `Tenant ${input.tenantId} not found`);
  if (!product) throw new AppError("not_found", `Product ${input.productId} not found`);
  const expiresAt =
    product.kind === "one_time"
      ? addDays(now, LICENSE_TERM_DAYS)
      : (input.paidThrough ?? addBillingPeriod(now, product.billingInterval ?? "month"));

  const secret = getSecret("LICENSE_SECRET");
  for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
    const issuedAt = new Date(now.getTime() + attempt);
    const [license] = await db
      .insert(licenses)
      .values({
        key: formatLicenseKey(tenant.code, issuedAt.getTime(), secret),
        tenantId: input.tenantId,
        productId: input.productId,
        subscriptionId: input.subscriptionId ?? null,
        checkoutOrderId: input.checkoutOrderId ?? null,
        activationLimit: product.activationLimit,
        issuedAt,
        expiresAt,
      })
      .onConflictDoNothing({ target: licenses.key })
      .returning();
    if (license) return license;
  }
  throw new AppError("conflict", `No free license key for tenant ${tenant.code} near ${now.toISOString()}`);
}
