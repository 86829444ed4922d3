import { TaskInputValidationError } from '../errors/task-input-validation.error';
import type { ResolvedTaskDefinition } from '../task.interfaces';
import type { StandardSchemaV1 } from './standard-schema';

/** Runs the definition's schema on an input; resolves with the schema's output, or throws naming each bad field. */
export async function validateTaskInput(definition: ResolvedTaskDefinition, input: unknown): Promise<unknown> {
  if (!definition.schema) return input;
  return validateWithSchema(definition.id, definition.schema, input, 'input');
}

/**
 * Runs a Standard Schema on a value (an input, a message payload); resolves with the schema's output, or throws
 * `TaskInputValidationError` naming each bad field from `root` (`input.rows.2.email`, `payload.approved`).
 */
export async function validateWithSchema(definitionId: string, schema: StandardSchemaV1, value: unknown, root: string): Promise<unknown> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value;
  throw new TaskInputValidationError(
    definitionId,
    result.issues.map((issue) => ({
      path: [root, ...(issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment))].join('.'),
      message: issue.message,
    })),
  );
}
