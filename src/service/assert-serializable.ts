import { TaskInputNotSerializableError } from '../errors/task-input-not-serializable.error';

/**
 * Refuses values that Temporal's JSON payload converter would drop or mangle silently (functions, symbols,
 * `undefined` in arrays, class instances such as Map or Set) or cannot encode at all (bigint, cycles). Checked
 * before anything is started, so a bad input never becomes a half-started task.
 */
export function assertSerializable(definitionId: string, value: unknown, path = 'input', seen = new Set<object>()): void {
  const fail = (problem: string): never => {
    throw new TaskInputNotSerializableError(definitionId, path, problem);
  };
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(`is ${String(value)}, which JSON stores as null`);
      return;
    case 'bigint':
      return fail('is a bigint; pass it as a string');
    case 'function':
      return fail('is a function');
    case 'symbol':
      return fail('is a symbol');
  }
  if (value === null) return;
  const object = value as object;
  if (seen.has(object)) fail('refers back to itself (a cycle)');
  if (object instanceof Date) return fail('is a Date, which would arrive as a string; pass date.toISOString()');
  const proto = Object.getPrototypeOf(object) as unknown;
  const isArray = Array.isArray(object);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    fail(`is an instance of ${(object.constructor as Function | undefined)?.name ?? 'a class'}; pass a plain object or array`);
  }
  seen.add(object);
  if (isArray) {
    (object as unknown[]).forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      if (item === undefined) throw new TaskInputNotSerializableError(definitionId, itemPath, 'is undefined, which JSON stores as null');
      assertSerializable(definitionId, item, itemPath, seen);
    });
  } else {
    for (const [key, item] of Object.entries(object)) assertSerializable(definitionId, item, `${path}.${key}`, seen);
  }
  seen.delete(object);
}
