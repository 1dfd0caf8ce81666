import type { Executor } from "@/db/client";
import { products, tenants, type Environment, type NewProduct, type Product, type Tenant } from "@/db/schema";
import { randomCrockford } from "@/lib/crockford-base32";
import { issueLicense } from "@/services/license";

export async function createTenant(db: Executor, overrides: Partial<Tenant> = {}): Promise<Tenant> {
  const code = overrides.code ?? randomCrockford(6);
  const [tenant] = await db
    .insert(tenants)
    .values({ email: `${code.toLowerCase()}@customer.example`, code, ...overrides })
    .returning();
  return tenant!;
}

export async function createProduct(db: Executor, overrides: Partial<NewProduct> = {}): Promise<Product> {
  const slug = overrides.slug ?? `product-${randomCrockford(6).toLowerCase()}`;
  const [product] = await db
    .insert(products)
    .values({ name: slug, kind: "one_time", priceMinor: 4900, currency: "USD", ...overrides, slug })
    .returning();
  return product!;
}

/** A tenant, a product and a license (live unless asked) issued at `now` for them. */
export async function createLicense(
  db: Executor,
  options: { activationLimit?: number; now?: Date; product?: Partial<NewProduct>; environment?: Environment } = {},
) {
  const tenant = await createTenant(db);
  const product = await createProduct(db, { activationLimit: options.activationLimit ?? 1, ...options.product });
  const license = await issueLicense(db, {
    tenantId: tenant.id,
    productId: product.id,
    environment: options.environment ?? "live",
    now: options.now,
  });
  return { tenant, product, license };
}
