/**
 * Server actions receive their arguments in React's reply encoding: JSON whose strings may start
 * with `$` to mean a special value or to refer to another part of a multipart body. React's
 * decoder throws on a reference it cannot resolve or a tag it does not expect, which Next.js
 * answers with a 500 before any action runs. Our pages call actions with plain values and forms
 * only, so a call is well-formed when every `$` string is an escaped string, a plain special value,
 * or a reference to a form whose fields the body holds; anything else (a reference to another
 * part, a promise, a map…) is the caller's fault, a 400, and so is a call past one of the limits
 * React and Next enforce by throwing (argument count, BigInt digits, array sizes). The check is
 * linear in the body's size: nothing is followed, so no body can make it do more work than its
 * own length.
 */

// `$$…` (a string that began with `$`), and values that refer to nothing. React refuses a BigInt
// of more than 300 digits.
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d{1,300}$)/;
const FORM_REFERENCE = /^\$K([0-9a-f]{1,8})$/;
const MAX_DEPTH = 32;
// Next refuses more arguments than this, and React more bound arguments.
const MAX_ARGUMENTS = 1000;
// React's `arraySizeLimit`: the slots of an array, of the arrays inside it and of the strings they
// hold, counted together (an object's values start a count of their own).
const MAX_ARRAY_SLOTS = 1_000_000;

export interface ActionBody {
  /** The single text part of a `text/plain` call, or null for a form body. */
  text: string | null;
  /** The text fields of a multipart body by name, the first of each name as React reads it (empty for a text call). */
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

/** The forms a multipart call may refer to: any, since a form without fields is still a form. */
const ANY_FORM = { has: (_id: string) => true };
type FormIds = Pick<Set<string>, "has">;

interface ArraySlots {
  count: number;
}

function isWellFormedValue(value: unknown, forms: FormIds, depth: number, slots: ArraySlots | null): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === "string") {
    if (slots && (slots.count += value.length) > MAX_ARRAY_SLOTS) return false;
    if (!value.startsWith("$") || PLAIN_VALUE.test(value)) return true;
    const form = FORM_REFERENCE.exec(value)?.[1];
    return form !== undefined && forms.has(form);
  }
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    const arraySlots = slots ?? { count: 0 };
    if ((arraySlots.count += value.length + 1) > MAX_ARRAY_SLOTS) return false;
    return value.every((item) => isWellFormedValue(item, forms, depth + 1, arraySlots));
  }
  return Object.values(value).every((item) => isWellFormedValue(item, forms, depth + 1, null));
}

function isArgumentList(value: unknown, forms: FormIds): boolean {
  return Array.isArray(value) && value.length <= MAX_ARGUMENTS && isWellFormedValue(value, forms, 0, null);
}

/**
 * Why a server action call (a POST with a `next-action` header, or a form posted without script)
 * would break React's decoder, or null when it will decode.
 */
export function findMalformedActionCall(body: ActionBody, viaHeader: boolean): string | null {
  if (viaHeader) {
    const root = parse(body.text ?? body.fields.get("0"));
    if (!root.ok || !Array.isArray(root.value)) return "The action's arguments are not a list.";
    // In a multipart call React reads a form from the body's `_<id>_` fields, and a form with no
    // fields (a lone "Sign out" button) is simply empty; a text call holds no form at all.
    return isArgumentList(root.value, body.text === null ? ANY_FORM : formIds(body.fields))
      ? null
      : "The action's arguments refer to parts that are not there, or are too many.";
  }
  // A form posted without script: `$ACTION_REF_n` names an action whose fields are those named
  // `$ACTION_n:…`: part 0 is `{ id, bound }`, and `bound` refers to the part holding its arguments.
  // Grouped in one pass, so many references cost no more than their fields.
  const actions = new Map<string, Map<string, string>>();
  for (const [name, value] of body.fields) {
    if (name.startsWith("$ACTION_REF_")) {
      const ref = /^\$ACTION_REF_(\d{1,4})$/.exec(name)?.[1];
      // Our forms number their actions from 1; React takes any suffix and fails on some.
      if (ref === undefined) return "The form names no action.";
      if (!actions.has(ref)) actions.set(ref, new Map());
      continue;
    }
    const part = /^\$ACTION_(\d{1,4}):(.*)$/s.exec(name);
    if (!part?.[1]) continue;
    let fields = actions.get(part[1]);
    if (!fields) actions.set(part[1], (fields = new Map()));
    if (!fields.has(part[2] ?? "")) fields.set(part[2] ?? "", value);
  }
  for (const [ref, fields] of actions) {
    if (!body.fields.has(`$ACTION_REF_${ref}`)) continue;
    const meta = parse(fields.get("0"));
    const header = meta.ok ? (meta.value as { id?: unknown; bound?: unknown } | null) : null;
    if (typeof header?.id !== "string") return "The form names no action.";
    if (header.bound === null || header.bound === undefined) continue;
    const part = typeof header.bound === "string" ? /^\$@([0-9a-f]{1,8})$/.exec(header.bound)?.[1] : undefined;
    const args = parse(part === undefined ? undefined : fields.get(part));
    if (!args.ok || !isArgumentList(args.value, formIds(fields))) return "The form's action arguments are not there.";
  }
  return null;
}
