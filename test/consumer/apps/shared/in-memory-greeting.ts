// Copied into each consumer app's src/ by test/consumer/consumer.test.ts: the testing kit, imported the way each
// app's module setting resolves `nestjs-temporal-tasks/testing` (the nest11-cjs app's tsconfig.node10.json is the
// legacy `"module": "commonjs"` without moduleResolution, which ignores the exports map).
import { runTask, type RunTaskResult } from 'nestjs-temporal-tasks/testing';
import { Greeter, GreetTask, type GreetOutput } from './tasks.js';

/** Greets in memory, without a server: what a unit test of GreetTask does. */
export async function greetInMemory(name: string): Promise<RunTaskResult<GreetOutput>> {
  return runTask(new GreetTask(new Greeter()), { name });
}
