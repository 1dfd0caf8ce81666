import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * Lists that travel as one array parameter, where drizzle's `inArray` and `values(rows)` make one
 * parameter per value. A statement then keeps one shape however many rows it carries, so it is
 * built in constant time: in batch provisioning, building hundreds of parameters cost more than
 * PostgreSQL's work.
 */

/** `column = any($1)`. */
export function anyOf(column: SQLWrapper, values: readonly unknown[]): SQL {
  return sql`${column} = any(${sql.param(values)})`;
}

type ArrayType = "uuid" | "text" | "int" | "bigint" | "timestamptz";

/** One column of `rows` as a typed array parameter, for `unnest(…)`: `$1::uuid[]`. */
export function arrayOf<R>(rows: readonly R[], pick: (row: R) => unknown, type: ArrayType): SQL {
  return sql`${sql.param(rows.map(pick))}::${sql.raw(type)}[]`;
}
