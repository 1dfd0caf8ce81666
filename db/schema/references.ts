import { uuid } from "drizzle-orm/pg-core";
import { products } from "@/db/schema/products";
import { tenants } from "@/db/schema/tenants";

/** The tenant a row belongs to. */
export const tenantId = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id);

/** The product a row is for. */
export const productId = () =>
  uuid("product_id")
    .notNull()
    .references(() => products.id);
