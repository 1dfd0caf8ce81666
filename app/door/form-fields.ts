import { AppError } from "@/lib/errors";

/**
 * A form's text fields as a plain object, for an action's schema; files are not read. Anything
 * that is not a FormData (an action called by hand with other arguments) is refused.
 */
export function formFields(form: unknown): Record<string, string> {
  if (!(form instanceof FormData)) {
    throw new AppError("validation_failed", "Not a form", { field: "form", userMessage: "form: must be a form" });
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value;
  return fields;
}

/** A text field of what an action read, for showing the form again with its answer; undefined otherwise. */
export function formText(raw: unknown, name: string): string | undefined {
  const value = (raw as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}
