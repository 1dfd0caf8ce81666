import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { tenants, type Tenant } from "@/db/schema";
import { randomCrockford } from "@/lib/crockford-base32";

const CODE_ATTEMPTS = 10;

/**
 * The tenant with this email (lower-cased), created on first purchase with a fresh short code for
 * its license keys. A domain given with the purchase becomes the tenant's primary domain if it has
 * none and no other tenant holds it. Idempotent; safe under concurrent purchases by one buyer.
 */
export async function ensureTenant(
  db: Executor,
  { email, domain }: { email: string; domain: string | null },
  newCode: () => string = () => randomCrockford(6),
): Promise<Tenant> {
  const normalized = email.toLowerCase();
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    await db.insert(tenants).values({ email: normalized, code: newCode() }).onConflictDoNothing();
    const [tenant] = await db.select().from(tenants).where(eq(tenants.email, normalized));
    if (tenant) return domain ? claimDomain(db, tenant, domain) : tenant;
    // Nothing inserted and no such email: the random code was taken; draw another.
  }
  throw new Error(`No free tenant code after ${CODE_ATTEMPTS} attempts`);
}

async function claimDomain(db: Executor, tenant: Tenant, domain: string): Promise<Tenant> {
  if (tenant.domain) return tenant;
  const [taken] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.domain, domain));
  if (taken) return tenant;
  const [updated] = await db
    .update(tenants)
    .set({ domain, updatedAt: new Date() })
    .where(and(eq(tenants.id, tenant.id), isNull(tenants.domain)))
    .returning();
  return updated ?? tenant;
}
