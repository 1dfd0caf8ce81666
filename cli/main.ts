import { buildProgram } from "@/cli/program";
import { describeCliFailure } from "@/cli/output";

buildProgram()
  .parseAsync(process.argv)
  .then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      process.stderr.write(`cc: ${describeCliFailure(error)}\n`);
      process.exit(1);
    },
  );
