import type { Command } from "commander";
import { z } from "zod";
import { printJson, printTable } from "@/cli/output";
import { withDatabase } from "@/cli/with-database";
import { parseInput } from "@/lib/errors";
import { createApiKey, CreateApiKeyInputSchema, listApiKeys, revokeApiKey } from "@/services/auth";

const CLI = { actor: "cli" as const };

export function registerApiKeysCommand(program: Command): void {
  const keys = program.command("api-keys").description("The owner's API keys for machine callers");
  keys
    .command("create")
    .description("Create a key; it is shown this once")
    .requiredOption("--name <name>", "what the key is for")
    .option("--scope <scope>", "read (look) or write (also act)", "read")
    .action(async (options: { name: string; scope: string }) => {
      const input = parseInput(CreateApiKeyInputSchema, options);
      const { apiKey, key } = await withDatabase((connection) => createApiKey(connection.db, input, CLI));
      process.stdout.write(
        `${key}\nKey ${apiKey.id} (${apiKey.scope}): keep it now, it is not shown again. Send it as Authorization: Bearer <key>.\n`,
      );
    });
  keys
    .command("list")
    .description("List keys, revoked ones included")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const rows = await withDatabase((connection) => listApiKeys(connection.db));
      if (options.json) return printJson(rows);
      if (rows.length === 0)
        return void process.stdout.write("No API keys. Create one with `cc api-keys create --name …`.\n");
      printTable(
        rows.map((key) => ({
          id: key.id,
          name: key.name,
          scope: key.scope,
          prefix: key.prefix,
          lastUsed: key.lastUsedAt?.toISOString() ?? "never",
          revoked: key.revokedAt?.toISOString() ?? "",
        })),
      );
    });
  keys
    .command("revoke <id>")
    .description("Revoke a key: it answers nothing from now on")
    .action(async (given: string) => {
      const { id } = parseInput(z.object({ id: z.uuid({ message: "must be a key id (see `cc api-keys list`)" }) }), {
        id: given,
      });
      const revoked = await withDatabase((connection) => revokeApiKey(connection.db, id, CLI));
      process.stdout.write(`Key ${revoked.id} (${revoked.name}) is revoked.\n`);
    });
}
