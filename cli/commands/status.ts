import type { Command } from "commander";
import { printJson } from "@/cli/output";
import { withDatabase } from "@/cli/with-database";
import { getHealth } from "@/services/health";

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("Database engine and reachability, queue mode, configured providers")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const health = await withDatabase((connection) => getHealth(connection), { prepare: false });
      if (!health.database.reachable || !health.queue.reachable) process.exitCode = 1;
      if (options.json) return printJson(health);
      const providers = Object.entries(health.providers)
        .map(([name, p]) => `${name}${p.configured ? ` (${p.environment ?? "on"})` : ": not configured"}`)
        .join(", ");
      process.stdout.write(
        [
          `status     ${health.status}`,
          `database   ${health.database.engine}, ${health.database.reachable ? "reachable" : `unreachable: ${health.database.problem}`}`,
          `queue      ${health.queue.mode}, ${health.queue.reachable ? "reachable" : "unreachable"}`,
          `providers  ${providers}`,
        ].join("\n") + "\n",
      );
    });
}
