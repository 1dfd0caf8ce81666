import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * `column = any($1)`: the values travel as one array parameter, where `inArray` makes one
 * parameter each. The statement keeps one shape however many values there are, so it is built
 * in constant time: in batch provisioning, building hundreds of parameters cost more than
 * PostgreSQL's work.
 */
export function anyOf(column: SQLWrapper, values: readonly unknown[]): SQL {
  return sql`${column} = any(${sql.param(values)})`;
}
