import { findUnserializable } from '../definition/find-unserializable';
import { TaskInputNotSerializableError } from '../errors/task-input-not-serializable.error';

/**
 * Refuses an input (or memo) that Temporal cannot store faithfully as JSON. Checked before anything is started,
 * so a bad input never becomes a half-started task.
 */
export function assertSerializable(definitionId: string, value: unknown, path = 'input'): void {
  const found = findUnserializable(value, path);
  if (found) throw new TaskInputNotSerializableError(definitionId, found.path, found.problem);
}
