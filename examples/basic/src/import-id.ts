import { NotFoundException } from '@nestjs/common';

/** The definition id of imports: every import's task id starts with it. */
export const IMPORT_ENTRIES = 'importEntries';

/** The task id of an import, from the URL: 404 for an id of another definition. */
export function importTaskId(id: string): string {
  if (!id.startsWith(`${IMPORT_ENTRIES}/`)) throw new NotFoundException(`No import has the id "${id}".`);
  return id;
}
