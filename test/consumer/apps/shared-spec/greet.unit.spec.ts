// Copied into each consumer app's spec/ by test/consumer/consumer.test.ts, and run there as its users run tests:
// with jest (ts-jest) in the Nest 11 CommonJS app, with vitest in the Nest 12 ESM app.
import { Test } from '@nestjs/testing';
import { runTask } from 'nestjs-temporal-tasks/testing';
import { Greeter, GreetTask, RefuseTask } from '../src/tasks.js';

describe('GreetTask, unit (runTask, no server)', () => {
  it('greets through its injected Greeter, mocked in a testing module', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [GreetTask, { provide: Greeter, useValue: { greet: (name: string) => `mocked ${name}` } }],
    }).compile();

    const result = await runTask(moduleRef.get(GreetTask), { name: 'jest and vitest' });

    expect(result.status).toBe('success');
    expect(result.output).toEqual({ greeting: 'mocked jest and vitest' });
    expect(result.logs.map((line) => line.message)).toEqual(['greeting']);
  });

  it('fails without retries when the task says so', async () => {
    const result = await runTask(new RefuseTask(), { reason: 'not today' });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: { message: 'not today', retryable: false } });
  });
});
