/** One field of an audited change: its value before and after, and whether it changed. */
export type DiffRow = { field: string; before: string | null; after: string | null; changed: boolean };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Flattens nested objects to "a.b" paths; arrays and scalars are leaves. */
function flatten(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) out.set(prefix, value);
  else if (value !== null && value !== undefined) out.set("", value);
  return out;
}

/** How a stored value reads: strings as they are, the rest as compact JSON; absent is null. */
export function showValue(value: unknown): string | null {
  if (value === undefined) return null;
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * The before/after of an audit entry as rows, in first-seen order: changed fields first,
 * then the unchanged ones (shown dimmed, for context).
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  const rows = fields.map((field) => {
    const x = showValue(a.get(field));
    const y = showValue(b.get(field));
    return { field, before: x, after: y, changed: x !== y };
  });
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}
