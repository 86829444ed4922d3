import { TaskInputValidationError } from '../errors/task-input-validation.error';
import type { ResolvedTaskDefinition } from '../task.interfaces';

/** Runs the definition's schema on an input; resolves with the schema's output, or throws naming each bad field. */
export async function validateTaskInput(definition: ResolvedTaskDefinition, input: unknown): Promise<unknown> {
  if (!definition.schema) return input;
  const result = await definition.schema['~standard'].validate(input);
  if (!result.issues) return result.value;
  throw new TaskInputValidationError(
    definition.id,
    result.issues.map((issue) => ({
      path: ['input', ...(issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment))].join('.'),
      message: issue.message,
    })),
  );
}
