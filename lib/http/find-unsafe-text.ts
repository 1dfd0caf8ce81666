// C0 and C1 control characters, DEL included. No field of ours is free text that needs a tab or a
// newline, and a NUL is what PostgreSQL refuses to store (a 500 where a 422 belongs).
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The dotted path of the first string in `value` (object keys included) that holds a control
 * character or is not well-formed Unicode (a lone surrogate from a `\ud800` escape), or null when
 * there is none. `path` names where `value` came from (`body`, `query`).
 */
export function findUnsafeText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isSafeText(value) ? null : path;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (!isSafeText(key)) return itemPath;
    const found = findUnsafeText(item, itemPath);
    if (found !== null) return found;
  }
  return null;
}

function isSafeText(text: string): boolean {
  return !CONTROL_CHARACTER.test(text) && text.isWellFormed();
}
