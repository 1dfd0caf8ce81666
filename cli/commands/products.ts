import type { Command } from "commander";
import { printJson, printTable } from "@/cli/output";
import { withDatabase } from "@/cli/with-database";
import { formatMoney } from "@/lib/money";
import { listProducts } from "@/services/catalog";

export function registerProductsCommand(program: Command): void {
  const products = program.command("products").description("The catalog of products and services");
  products
    .command("list")
    .description("List products on sale")
    .option("--all", "include inactive products")
    .option("--json", "print JSON")
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const rows = await withDatabase((connection) => listProducts({ includeInactive: options.all }, connection.db));
      if (options.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write("No products.\n");
      printTable(
        rows.map((p) => ({
          slug: p.slug,
          name: p.name,
          kind: p.kind,
          price: formatMoney({ amountMinor: p.priceMinor, currency: p.currency }),
          interval: p.billingInterval ?? "",
          active: p.active ? "yes" : "no",
        })),
      );
    });
}
