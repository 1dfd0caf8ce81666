import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

/** Turns a zod failure into a `validation_failed` AppError naming the first field at fault. */
export function validationErrorFromZod(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const reason = issue?.message ?? "is invalid";
  const userMessage = field ? `${field}: ${reason}` : reason;
  return new AppError("validation_failed", userMessage, { field, userMessage, cause: error });
}

/** Parses input with a schema, throwing a `validation_failed` AppError that names the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFromZod(result.error);
  return result.data;
}
