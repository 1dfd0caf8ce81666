import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { bigint, char, timestamp, uuid } from "drizzle-orm/pg-core";

/** Columns every table shares, and the value sets kept in text columns with CHECK constraints. */

export const PROVIDERS = ["stripe", "paypal", "gumroad", "simulated"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const ENVIRONMENTS = ["live", "test"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const id = () => uuid("id").primaryKey().defaultRandom();

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Money is an integer count of minor units; number mode, bounded to safe integers by the app. */
export const amountMinor = (name = "amount_minor") => bigint(name, { mode: "number" }).notNull();

export const currency = () => char("currency", { length: 3 }).notNull();

/** `column IN ('a', 'b')` for a CHECK constraint over a fixed value set. */
export function oneOf(column: SQLWrapper, values: readonly string[]): SQL {
  return sql`${column} in (${sql.join(
    values.map((value) => sql.raw(`'${value}'`)),
    sql`, `,
  )})`;
}
