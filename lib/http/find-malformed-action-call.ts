/**
 * Server actions receive their arguments in React's reply encoding: JSON whose strings may start
 * with `$` to mean a special value or to refer to another part of a multipart body. React's
 * decoder throws on a reference it cannot resolve or a tag it does not expect, which Next.js
 * answers with a 500 before any action runs. Our pages call actions with plain values and forms
 * only, so a call is well-formed when every `$` string is an escaped string, a plain special value,
 * or a reference to a form whose fields the body holds; anything else (a reference to another
 * part, a promise, a map…) is the caller's fault, a 400. The check is linear in the body's size:
 * nothing is followed, so no body can make it do more work than its own length.
 */

// `$$…` (a string that began with `$`), and values that refer to nothing.
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;
const FORM_REFERENCE = /^\$K([0-9a-f]{1,8})$/;
const MAX_DEPTH = 32;

export interface ActionBody {
  /** The single text part of a `text/plain` call, or null for a form body. */
  text: string | null;
  /** The text fields of a multipart body by name (empty for a text call). */
  fields: Map<string, string>;
}

function parse(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

// The ids of the forms whose fields a body holds: React names them `_<id>_<name>`.
function formIds(fields: Map<string, string>): Set<string> {
  const ids = new Set<string>();
  for (const name of fields.keys()) {
    const id = /^_([0-9a-f]{1,8})_/.exec(name)?.[1];
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

function isWellFormedValue(value: unknown, forms: Set<string>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === "string") {
    if (!value.startsWith("$") || PLAIN_VALUE.test(value)) return true;
    const form = FORM_REFERENCE.exec(value)?.[1];
    return form !== undefined && forms.has(form);
  }
  if (typeof value !== "object" || value === null) return true;
  return Object.values(value).every((item) => isWellFormedValue(item, forms, depth + 1));
}

/**
 * Why a server action call (a POST with a `next-action` header, or a form posted without script)
 * would break React's decoder, or null when it will decode.
 */
export function findMalformedActionCall(body: ActionBody, viaHeader: boolean): string | null {
  if (viaHeader) {
    const root = parse(body.text ?? body.fields.get("0"));
    if (!root.ok || !Array.isArray(root.value)) return "The action's arguments are not a list.";
    return isWellFormedValue(root.value, formIds(body.fields), 0)
      ? null
      : "The action's arguments refer to parts that are not there.";
  }
  // A form posted without script: `$ACTION_REF_n` names an action whose fields are those named
  // `$ACTION_n:…`: part 0 is `{ id, bound }`, and `bound` refers to the part holding its arguments.
  for (const name of body.fields.keys()) {
    const ref = /^\$ACTION_REF_(\d{1,4})$/.exec(name)?.[1];
    if (ref === undefined) continue;
    const prefix = `$ACTION_${ref}:`;
    const fields = new Map<string, string>();
    for (const [key, value] of body.fields) if (key.startsWith(prefix)) fields.set(key.slice(prefix.length), value);
    const meta = parse(fields.get("0"));
    const header = meta.ok ? (meta.value as { id?: unknown; bound?: unknown } | null) : null;
    if (typeof header?.id !== "string") return "The form names no action.";
    if (header.bound === null || header.bound === undefined) continue;
    const part = typeof header.bound === "string" ? /^\$@([0-9a-f]{1,8})$/.exec(header.bound)?.[1] : undefined;
    const args = parse(part === undefined ? undefined : fields.get(part));
    if (!args.ok || !Array.isArray(args.value) || !isWellFormedValue(args.value, formIds(fields), 0)) {
      return "The form's action arguments are not there.";
    }
  }
  return null;
}
