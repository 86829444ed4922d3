// Copied into each consumer app's src/ by test/consumer/consumer.test.ts: written once, compiled as CommonJS in one
// app and as ESM in the other.
import { Injectable } from '@nestjs/common';
import { Task, type TaskRun } from 'nestjs-temporal-tasks';

/** An ordinary provider, injected into a task: constructor injection needs the package's decorators to work. */
@Injectable()
export class Greeter {
  greet(name: string): string {
    return `hello ${name}`;
  }
}

export interface GreetInput {
  name: string;
}

export interface GreetOutput {
  greeting: string;
}

@Task({ id: 'greet', title: 'Greet someone' })
export class GreetTask {
  constructor(private readonly greeter: Greeter) {}

  readonly run: TaskRun<GreetInput, GreetOutput> = async ({ input, context, controller }) => {
    context.log.info('greeting', { name: input.name });
    return controller.success({ greeting: this.greeter.greet(input.name) });
  };
}

/** Runs until it is aborted. */
@Task({ id: 'waitForAbort' })
export class WaitForAbortTask {
  readonly run: TaskRun<void, void> = async ({ context, controller }) => {
    await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
    return controller.success();
  };
}

/** Fails without retries. */
@Task({ id: 'refuse', retry: { maximumAttempts: 3, initialInterval: '100ms' } })
export class RefuseTask {
  readonly run: TaskRun<{ reason: string }, never> = async ({ input, controller }) => controller.error(input.reason, { retryable: false });
}
