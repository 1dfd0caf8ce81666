/**
 * Server actions receive their arguments in React's reply encoding: JSON whose strings may start
 * with `$` to mean a special value or to refer to another part of a multipart body. React's
 * decoder throws on a reference it cannot resolve or a tag it does not expect, which Next.js
 * answers with a 500 before any action runs. Our pages call actions with plain values and forms
 * only, so a call is well-formed when every `$` string is an escaped string, a plain special value,
 * or a reference to a part the body holds; anything else is the caller's fault, a 400.
 */

// `$$…` (a string that began with `$`), and values that refer to nothing.
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;
const FORM_REFERENCE = /^\$K([0-9a-f]{1,8})$/;
const PART_REFERENCE = /^\$([0-9a-f]{1,8})$/;
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

function isWellFormedValue(value: unknown, body: ActionBody, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === "string") {
    if (!value.startsWith("$") || PLAIN_VALUE.test(value)) return true;
    const form = FORM_REFERENCE.exec(value);
    // React names a form's fields `_<id>_<name>` beside the root part.
    if (form) return [...body.fields.keys()].some((name) => name.startsWith(`_${form[1]}_`));
    const part = PART_REFERENCE.exec(value);
    if (!part?.[1]) return false;
    const referenced = parse(body.fields.get(part[1]));
    return referenced.ok && isWellFormedValue(referenced.value, body, depth + 1);
  }
  if (typeof value !== "object" || value === null) return true;
  return Object.values(value).every((item) => isWellFormedValue(item, body, depth + 1));
}

/**
 * Why a server action call (a POST with a `next-action` header, or a form posted without script)
 * would break React's decoder, or null when it will decode.
 */
export function findMalformedActionCall(body: ActionBody, viaHeader: boolean): string | null {
  if (viaHeader) {
    const root = parse(body.text ?? body.fields.get("0"));
    if (!root.ok || !Array.isArray(root.value)) return "The action's arguments are not a list.";
    return isWellFormedValue(root.value, body, 0) ? null : "The action's arguments refer to parts that are not there.";
  }
  // A form posted without script: `$ACTION_REF_n` names an action whose fields are those named
  // `$ACTION_n:…`: part 0 is `{ id, bound }`, and `bound` refers to the part holding its arguments.
  for (const name of body.fields.keys()) {
    const ref = /^\$ACTION_REF_(\d{1,4})$/.exec(name)?.[1];
    if (ref === undefined) continue;
    const prefix = `$ACTION_${ref}:`;
    const fields = new Map<string, string>();
    for (const [key, value] of body.fields) if (key.startsWith(prefix)) fields.set(key.slice(prefix.length), value);
    const action = { text: null, fields };
    const meta = parse(fields.get("0"));
    const header = meta.ok ? (meta.value as { id?: unknown; bound?: unknown } | null) : null;
    if (typeof header?.id !== "string") return "The form names no action.";
    if (header.bound === null || header.bound === undefined) continue;
    const part = typeof header.bound === "string" ? /^\$@([0-9a-f]{1,8})$/.exec(header.bound)?.[1] : undefined;
    const args = parse(part === undefined ? undefined : fields.get(part));
    if (!args.ok || !Array.isArray(args.value) || !isWellFormedValue(args.value, action, 0)) {
      return "The form's action arguments are not there.";
    }
  }
  return null;
}
