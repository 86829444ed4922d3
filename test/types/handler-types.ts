// Type tests: each line under an `// error:` comment must fail to compile with a message containing the text after
// it; every other line must compile. Checked by test/unit/types.test.ts with TypeScript 6 and 7.
import { Task, type TaskHandle, type TaskHandler, type TaskRun, type TaskRunParams, type TaskService } from '../../src';

interface ImportInput {
  rows: string[];
}
interface ImportOutput {
  imported: number;
}

// The types are stated once, in the annotation; the parameters are typed from it.
@Task({ id: 'importCsv' })
export class ImportCsvTask {
  readonly run: TaskRun<ImportInput, ImportOutput, { page: number }> = async ({ input, context, controller }) => {
    const page: number = context.state?.page ?? 1;
    const first: string | undefined = input.rows[0];
    void first;
    if (page < 3) return controller.continue({ page: page + 1 }, { delay: '1s' });
    return controller.success({ imported: input.rows.length });
  };
}

export class ForgetsReturn {
  // error: Type 'void' is not assignable to type 'TaskOutcome<ImportOutput>'
  readonly run: TaskRun<ImportInput, ImportOutput> = async ({ controller }) => {
    controller.success({ imported: 1 });
  };
}

export class ReturnsNothing {
  // error: Type '() => void' is not assignable to type 'TaskRun'
  readonly run: TaskRun = () => {};
}

export class MethodStyleForgetsReturn implements TaskHandler<ImportInput, ImportOutput> {
  // error: Type 'void' is not assignable to type 'TaskOutcome<ImportOutput>'
  async run({ controller }: TaskRunParams<ImportInput, ImportOutput>) {
    controller.success({ imported: 1 });
  }
}

export class WrongOutput {
  readonly run: TaskRun<ImportInput, ImportOutput> = async ({ controller }) =>
    // error: Type 'string' is not assignable to type 'number'
    controller.success({ imported: 'all of them' });
}

export class WrongState {
  readonly run: TaskRun<ImportInput, ImportOutput, { page: number }> = async ({ controller }) =>
    // error: Type 'string' is not assignable to type 'number'
    controller.continue({ page: 'two' });
}

export class WrongWaitState {
  readonly run: TaskRun<ImportInput, ImportOutput, { page: number }> = async ({ context, controller }) => {
    if (context.received) return controller.success({ imported: context.received.receivedAt.getTime() });
    // error: Type 'string' is not assignable to type 'number'
    return controller.waitFor('approval', { timeout: '1 day', state: { page: 'two' } });
  };
}

export async function sends(tasks: TaskService): Promise<void> {
  await tasks.send('importCsv/key', 'approval', { approved: true }, { messageId: 'evt-1' });
  // error: Type 'number' is not assignable to type 'string'
  await tasks.send('importCsv/key', 'approval', undefined, { messageId: 1 });
}

export async function triggers(tasks: TaskService): Promise<void> {
  const handle: TaskHandle<ImportOutput> = await tasks.trigger(ImportCsvTask, { rows: ['a'] }, { id: 'key', delay: '1m' });
  const output: ImportOutput = await handle.result();
  void output;
  const imported: number = (await tasks.triggerAndWait(ImportCsvTask, { rows: [] })).imported;
  void imported;
  await tasks.trigger('importCsv', { anything: true });

  // error: Type 'string' is not assignable to type 'string[]'
  await tasks.trigger(ImportCsvTask, { rows: 'not an array' });
  // error: Expected 2-3 arguments, but got 1
  await tasks.trigger(ImportCsvTask);
  // error: 'priorty' does not exist in type 'TaskTriggerOptions'
  await tasks.trigger(ImportCsvTask, { rows: [] }, { priorty: 1 });
  // error: Type 'ImportOutput' is not assignable to type 'string'
  const wrong: string = await (await tasks.trigger(ImportCsvTask, { rows: [] })).result();
  void wrong;
}

export class Parent {
  readonly run: TaskRun<void, void> = async ({ context, controller }) => {
    await context.trigger(ImportCsvTask, { rows: ['child'] });
    // error: Type 'number' is not assignable to type 'string[]'
    await context.trigger(ImportCsvTask, { rows: 42 });
    // error: 'parentId' does not exist in type 'TaskChildTriggerOptions'
    await context.trigger(ImportCsvTask, { rows: [] }, { parentId: 'set for you' });
    await context.trigger(ImportCsvTask, { rows: [] }, { onParentEnd: 'abort', deadline: '1 hour' });
    // error: Type '"cancel"' is not assignable to type 'TaskParentEndPolicy | undefined'
    await context.trigger(ImportCsvTask, { rows: [] }, { onParentEnd: 'cancel' });
    return controller.continue(undefined, { waitForChildren: true });
  };
}
