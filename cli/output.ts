import { DataDirInUseError } from "@/services/setup";
import { EnvError } from "@/lib/env";
import { isAppError } from "@/lib/errors";

/** Writes a table of rows to stdout with aligned columns. */
export function printTable(rows: Record<string, string>[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((c) => row[c] ?? ""))}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One line for what the user can fix; the stack only for the unexpected. */
export function describeCliFailure(error: unknown): string {
  if (error instanceof EnvError || error instanceof DataDirInUseError) return error.message;
  if (isAppError(error)) return error.userMessage;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
