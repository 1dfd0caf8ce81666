import { eq, sql } from "drizzle-orm";
import { anyOf, arrayOf } from "@/db/array-params";
import type { Executor } from "@/db/client";
import { licenses, products, tenants, type Environment, type License } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getSecret } from "@/lib/secrets";
import { formatLicenseKey } from "@/services/license/license-key";
import { addBillingPeriod, addDays, LICENSE_TERM_DAYS } from "@/services/license/license-term";

export interface IssueLicenseInput {
  tenantId: string;
  productId: string;
  /** The money that paid for it; a test license says so wherever it is checked. */
  environment: Environment;
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
  const [issued] = await issueLicenses(db, [input]);
  const [license] = await db.select().from(licenses).where(eq(licenses.id, issued!.id));
  return license!;
}

/** A license just issued: what its buyer is shown. */
export type IssuedLicense = {
  id: string;
  key: string;
};

/**
 * `issueLicense` for many purchases in a few statements of one shape however many there are:
 * their tenants and products read at once, their licenses inserted at once. A key already taken
 * (same tenant, same millisecond) moves to the next free millisecond. Returns one license per
 * input, in order.
 */
export async function issueLicenses(db: Executor, inputs: IssueLicenseInput[]): Promise<IssuedLicense[]> {
  const tenantIds = [...new Set(inputs.map((input) => input.tenantId))];
  const productIds = [...new Set(inputs.map((input) => input.productId))];
  const [tenantRows, productRows] = await Promise.all([
    db.select({ id: tenants.id, code: tenants.code }).from(tenants).where(anyOf(tenants.id, tenantIds)),
    db.select().from(products).where(anyOf(products.id, productIds)),
  ]);
  const codes = new Map(tenantRows.map((tenant) => [tenant.id, tenant.code]));
  const productsById = new Map(productRows.map((product) => [product.id, product]));
  const secret = getSecret("LICENSE_SECRET");

  const drafts = inputs.map((input) => {
    const code = codes.get(input.tenantId);
    const product = productsById.get(input.productId);
    if (!code) throw new AppError("not_found", `Tenant ${input.tenantId} not found`);
    if (!product) throw new AppError("not_found", `Product ${input.productId} not found`);
    const now = input.now ?? new Date();
    const expiresAt =
      product.kind === "one_time"
        ? addDays(now, LICENSE_TERM_DAYS)
        : (input.paidThrough ?? addBillingPeriod(now, product.billingInterval ?? "month"));
    return { input, code, now, expiresAt, activationLimit: product.activationLimit };
  });

  const issued = new Array<IssuedLicense>(inputs.length);
  let pending = drafts.map((draft, index) => ({ ...draft, index }));
  for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS && pending.length > 0; attempt++) {
    const rows = pending.map(({ input, code, now, expiresAt, activationLimit }) => {
      const issuedAt = new Date(now.getTime() + attempt);
      return { key: formatLicenseKey(code, issuedAt.getTime(), secret), input, activationLimit, issuedAt, expiresAt };
    });
    const inserted = new Map((await insertLicenses(db, rows)).map((license) => [license.key, license]));
    // Two inputs drawing one key in this round: the first gets it, the other tries the next millisecond.
    pending = pending.filter((draft, position) => {
      const license = inserted.get(rows[position]!.key);
      if (!license) return true;
      inserted.delete(license.key);
      issued[draft.index] = license;
      return false;
    });
  }
  const [unlucky] = pending;
  if (unlucky) {
    throw new AppError("conflict", `No free license key for tenant ${unlucky.code} near ${unlucky.now.toISOString()}`);
  }
  return issued;
}

interface LicenseRow {
  key: string;
  input: IssueLicenseInput;
  activationLimit: number;
  issuedAt: Date;
  expiresAt: Date;
}

/** Inserts the licenses whose keys are free, in one statement; answers those it inserted. */
async function insertLicenses(db: Executor, rows: LicenseRow[]): Promise<IssuedLicense[]> {
  const { rows: inserted } = await db.execute<IssuedLicense>(sql`
    insert into ${licenses} (key, tenant_id, product_id, environment, subscription_id, checkout_order_id,
                             activation_limit, issued_at, expires_at)
    select * from unnest(${arrayOf(rows, (row) => row.key, "text")}, ${arrayOf(rows, (row) => row.input.tenantId, "uuid")},
                         ${arrayOf(rows, (row) => row.input.productId, "uuid")},
                         ${arrayOf(rows, (row) => row.input.environment, "text")},
                         ${arrayOf(rows, (row) => row.input.subscriptionId ?? null, "uuid")},
                         ${arrayOf(rows, (row) => row.input.checkoutOrderId ?? null, "uuid")},
                         ${arrayOf(rows, (row) => row.activationLimit, "int")},
                         ${arrayOf(rows, (row) => row.issuedAt, "timestamptz")},
                         ${arrayOf(rows, (row) => row.expiresAt, "timestamptz")})
    on conflict (key) do nothing
    returning id, key`);
  return inserted;
}
