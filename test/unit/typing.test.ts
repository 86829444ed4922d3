import type { TaskHandle, TaskInputOf, TaskOutputOf, TaskService } from '../../src';
import { ImportCsvTask, type ImportInput, type ImportOutput } from '../fixtures/outcome-tasks';

// Compile-time checks: `npm test` type-checks this file before jest runs it, so a regression in the inference
// fails the build. The runtime assertions keep jest honest about the file having run.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const inputInferred: Equals<TaskInputOf<ImportCsvTask>, ImportInput> = true;
const outputInferred: Equals<TaskOutputOf<ImportCsvTask>, ImportOutput> = true;

async function triggers(tasks: TaskService): Promise<void> {
  const handle: TaskHandle<ImportOutput> = await tasks.trigger(ImportCsvTask, { rows: ['a'] });
  const output: ImportOutput = await handle.result();
  void output;
  // @ts-expect-error the input must match the definition's input type
  await tasks.trigger(ImportCsvTask, { rows: 'not an array' });
  // @ts-expect-error result() is typed by the definition's output
  const wrong: string = await (await tasks.trigger(ImportCsvTask, { rows: [] })).result();
  void wrong;
  const imported: number = await tasks.triggerAndWait(ImportCsvTask, { rows: [] }).then((out) => out.imported);
  void imported;
}

describe('typed definitions', () => {
  it('infer the input and output types from the handler class', () => {
    expect(inputInferred).toBe(true);
    expect(outputInferred).toBe(true);
    expect(typeof triggers).toBe('function');
  });
});
