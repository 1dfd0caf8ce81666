import { and, eq, isNull, sql } from "drizzle-orm";
import { anyOf, arrayOf } from "@/db/array-params";
import type { Executor } from "@/db/client";
import { tenants, type Tenant } from "@/db/schema";
import { randomCrockford } from "@/lib/crockford-base32";

const CODE_ATTEMPTS = 10;

export interface TenantBuyer {
  email: string;
  domain: string | null;
}

/**
 * The tenant with this email (lower-cased), created on first purchase with a fresh short code for
 * its license keys. A domain given with the purchase becomes the tenant's primary domain if it has
 * none and no other tenant holds it. Idempotent; safe under concurrent purchases by one buyer.
 */
export async function ensureTenant(
  db: Executor,
  buyer: TenantBuyer,
  newCode: () => string = () => randomCrockford(6),
): Promise<Tenant> {
  return (await ensureTenants(db, [buyer], newCode))[0]!;
}

/**
 * `ensureTenant` for many buyers in two statements: one insert of every email not yet known, one
 * select. Emails go in sorted, so concurrent callers wait on each other in one order, never in a
 * cycle. Returns one tenant per buyer, in order.
 */
export async function ensureTenants(
  db: Executor,
  buyers: TenantBuyer[],
  newCode: () => string = () => randomCrockford(6),
): Promise<Tenant[]> {
  const emails = [...new Set(buyers.map((buyer) => buyer.email.toLowerCase()))].sort();
  const found = new Map<string, Tenant>();
  for (let attempt = 0; attempt < CODE_ATTEMPTS && found.size < emails.length; attempt++) {
    const missing = emails.filter((email) => !found.has(email));
    await db.execute(sql`
      insert into ${tenants} (email, code)
      select * from unnest(${arrayOf(missing, (email) => email, "text")}, ${arrayOf(missing, () => newCode(), "text")})
      on conflict do nothing`);
    for (const tenant of await db.select().from(tenants).where(anyOf(tenants.email, missing))) {
      found.set(tenant.email, tenant);
    }
    // An email still missing lost its random code to another tenant: it draws another.
  }
  if (found.size < emails.length) throw new Error(`No free tenant code after ${CODE_ATTEMPTS} attempts`);
  const result: Tenant[] = [];
  for (const buyer of buyers) {
    const email = buyer.email.toLowerCase();
    let tenant = found.get(email)!;
    if (buyer.domain && !tenant.domain) found.set(email, (tenant = await claimDomain(db, tenant, buyer.domain)));
    result.push(tenant);
  }
  return result;
}

async function claimDomain(db: Executor, tenant: Tenant, domain: string): Promise<Tenant> {
  const [taken] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.domain, domain));
  if (taken) return tenant;
  const [updated] = await db
    .update(tenants)
    .set({ domain, updatedAt: new Date() })
    .where(and(eq(tenants.id, tenant.id), isNull(tenants.domain)))
    .returning();
  return updated ?? tenant;
}
