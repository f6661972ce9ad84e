import { LIMITS } from './limits';
import { createFields, type FieldValue, type Fields } from './types';

export interface FlattenResult {
  fields: Fields;
  /** Leaf values that did not fit in `maxFields` or had unusable names; they stay in `@message`. */
  dropped: number;
}

/** Depth of a parsed JSON value, measured without recursion; stops counting past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > limit) return max;
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return max;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_KEY = /[\u0000-\u001f\u007f`]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEY_ALL = /[\u0000-\u001f\u007f`]/g;

/** Makes a JSON key safe to use as a field name: no control characters, no backticks, never empty. */
export function sanitizeKey(key: string): string {
  if (key.length === 0) return '_';
  return UNSAFE_KEY.test(key) ? key.replace(UNSAFE_KEY_ALL, '_') : key;
}

/** Called for each leaf: the place to rename or convert it (normalization) before it is stored. */
export type LeafTransform = (path: string, value: FieldValue) => [string, FieldValue];

const identity: LeafTransform = (path, value) => [path, value];

/**
 * Flattens parsed JSON to dot paths the way CloudWatch Logs does: `{user: {id: 1}}` → `user.id`,
 * `{items: [{id: 1}]}` → `items.0.id`. Values nested deeper than `flattenDepth` are kept whole as a
 * JSON string. The caller must have checked `nestingDepth` first, so recursion here is bounded.
 * When an alias and its canonical name both appear, the canonical one wins.
 */
export function flatten(value: Record<string, unknown>, skipTopLevel: readonly string[] = [], transform: LeafTransform = identity): FlattenResult {
  const fields = createFields();
  let count = 0;
  let dropped = 0;

  const add = (path: string, v: FieldValue): void => {
    if (count >= LIMITS.maxFields || path.length > LIMITS.maxFieldNameLength) {
      dropped++;
      return;
    }
    const [name, normalized] = transform(path, v);
    if (name in fields) {
      if (name !== path) return; // an alias never overwrites; the canonical name does
    } else count++;
    fields[name] = normalized;
  };

  const visit = (node: unknown, path: string, depth: number): void => {
    if (node === null || typeof node !== 'object') {
      const leaf = toFieldValue(node);
      if (leaf !== undefined) add(path, leaf);
    } else if (depth >= LIMITS.flattenDepth) {
      add(path, JSON.stringify(node));
    } else {
      for (const key in node) visit((node as Record<string, unknown>)[key], `${path}.${sanitizeKey(key)}`, depth + 1);
    }
  };

  for (const key in value) if (!skipTopLevel.includes(key)) visit(value[key], sanitizeKey(key), 0);
  return { fields, dropped };
}

function toFieldValue(v: unknown): FieldValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return undefined;
}
