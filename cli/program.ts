import { Command } from "commander";
import { registerApiKeysCommand } from "@/cli/commands/api-keys";
import { registerAuthCommand } from "@/cli/commands/auth";
import { registerProductsCommand } from "@/cli/commands/products";
import { registerStatusCommand } from "@/cli/commands/status";

/** The `cc` command tree; each command file adds itself. */
export function buildProgram(): Command {
  const program = new Command()
    .name("cc")
    .description("AgencyOS from the terminal: the same work as the dashboard.")
    .version("0.1.0")
    .showHelpAfterError();
  registerStatusCommand(program);
  registerProductsCommand(program);
  registerAuthCommand(program);
  registerApiKeysCommand(program);
  return program;
}
