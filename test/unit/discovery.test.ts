import { Injectable, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DuplicateTaskDefinitionError, InvalidTaskDefinitionError, Task, TaskService, TasksModule, type TaskHandler, type TaskRun } from '../../src';

@Task({ id: 'sendEmail', title: 'Send e-mail', description: 'Sends one e-mail' })
class SendEmailTask implements TaskHandler {
  run: TaskRun = ({ controller }) => controller.success();
}

@Task({ id: 'sendEmail' })
class AnotherSendEmailTask implements TaskHandler {
  run: TaskRun = ({ controller }) => controller.success();
}

@Injectable({ scope: Scope.REQUEST })
class RequestScoped {}

@Task({ id: 'perRequest' })
class PerRequestTask implements TaskHandler {
  constructor(readonly scoped: RequestScoped) {}
  run: TaskRun = ({ controller }) => controller.success();
}

// No server is involved: these apps never start a Runner (runner: false), never connect (lazy) and never trigger.
async function boot(providers: Parameters<typeof Test.createTestingModule>[0]['providers']) {
  const moduleRef = await Test.createTestingModule({
    imports: [TasksModule.forRoot({ runner: false, connection: { lazy: true } })],
    providers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('Discovery of @Task providers', () => {
  it('registers every @Task provider as a definition', async () => {
    const app = await boot([SendEmailTask]);
    expect(app.get(TaskService).definitions()).toEqual([{ id: 'sendEmail', title: 'Send e-mail', description: 'Sends one e-mail', maxIterations: 50, queue: 'tasks' }]);
    await app.close();
  });

  it('refuses two providers with one id, naming both classes', async () => {
    await expect(boot([SendEmailTask, AnotherSendEmailTask])).rejects.toThrow(DuplicateTaskDefinitionError);
    await expect(boot([SendEmailTask, AnotherSendEmailTask])).rejects.toThrow('SendEmailTask and AnotherSendEmailTask');
  });

  it('refuses a request-scoped task', async () => {
    await expect(boot([RequestScoped, PerRequestTask])).rejects.toThrow(InvalidTaskDefinitionError);
    await expect(boot([RequestScoped, PerRequestTask])).rejects.toThrow('PerRequestTask is request-scoped');
  });
});
