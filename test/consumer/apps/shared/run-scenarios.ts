// Copied into each consumer app's src/: a task that succeeds, one aborted while it runs, one that fails.
import type { INestApplicationContext } from '@nestjs/common';
import { TaskService, TasksError } from 'nestjs-temporal-tasks';
import { GreetTask, RefuseTask, WaitForAbortTask } from './tasks.js';

export interface ScenarioReport {
  greeted: { id: string; output: unknown };
  aborted: { id: string; error: string; code?: string; reason?: string };
  failed: { id: string; error: string; code?: string; failureMessage?: string };
}

export async function runScenarios(app: INestApplicationContext): Promise<ScenarioReport> {
  const tasks = app.get(TaskService);

  const greet = await tasks.trigger(GreetTask, { name: 'consumer' });
  const greeted = { id: greet.id, output: await greet.result() };

  const waiting = await tasks.trigger(WaitForAbortTask);
  for (let tries = 0; (await tasks.get(waiting.id)).status !== 'running'; tries += 1) {
    if (tries > 100) throw new Error(`${waiting.id} never started running`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await tasks.abort(waiting.id, 'stopped by the consumer app');
  const abortError = await waiting.result().then(() => undefined, (err: unknown) => err);

  const refuse = await tasks.trigger(RefuseTask, { reason: 'not today' });
  const failError = await refuse.result().then(() => undefined, (err: unknown) => err);

  return {
    greeted,
    aborted: { id: waiting.id, ...describe(abortError), reason: (abortError as { reason?: string } | undefined)?.reason },
    failed: { id: refuse.id, ...describe(failError), failureMessage: (failError as { failureMessage?: string } | undefined)?.failureMessage },
  };
}

function describe(err: unknown): { error: string; code?: string } {
  if (err instanceof TasksError) return { error: err.name, code: err.code };
  return { error: err instanceof Error ? `${err.name} (not a TasksError): ${err.message}` : String(err) };
}
