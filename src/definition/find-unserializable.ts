/** Where a value stops being plain JSON data, and why. */
export interface Unserializable {
  path: string;
  problem: string;
}

/**
 * Finds the first part of a value that Temporal's JSON payload converter would drop or mangle silently
 * (functions, symbols, `undefined` in arrays, Dates, class instances such as Map or Set) or cannot encode at all
 * (bigint, cycles, non-finite numbers). Returns undefined for plain JSON data.
 */
export function findUnserializable(value: unknown, path: string, seen = new Set<object>()): Unserializable | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path, problem: `is ${String(value)}, which JSON stores as null` };
    case 'bigint':
      return { path, problem: 'is a bigint; pass it as a string' };
    case 'function':
      return { path, problem: 'is a function' };
    case 'symbol':
      return { path, problem: 'is a symbol' };
  }
  if (value === null) return undefined;
  const object = value as object;
  if (seen.has(object)) return { path, problem: 'refers back to itself (a cycle)' };
  if (object instanceof Date) return { path, problem: 'is a Date, which would arrive as a string; pass date.toISOString()' };
  const proto = Object.getPrototypeOf(object) as unknown;
  const isArray = Array.isArray(object);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return { path, problem: `is an instance of ${(object.constructor as Function | undefined)?.name ?? 'a class'}; pass a plain object or array` };
  }
  seen.add(object);
  try {
    const entries: Array<[string, unknown]> = isArray
      ? (object as unknown[]).map((item, index) => [`${path}[${index}]`, item])
      : Object.entries(object).map(([key, item]) => [`${path}.${key}`, item]);
    for (const [itemPath, item] of entries) {
      if (isArray && item === undefined) return { path: itemPath, problem: 'is undefined, which JSON stores as null' };
      const found = findUnserializable(item, itemPath, seen);
      if (found) return found;
    }
    return undefined;
  } finally {
    seen.delete(object);
  }
}
