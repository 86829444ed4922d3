import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { TaskService } from '../service/task.service';

/** How long closing waits for the aborted tasks to end, so that the Runner, still running, processes their aborts. */
const ABORT_WAIT_MS = 10_000;

/**
 * `TasksTestingModule` on a real server: when the testing module closes, the tasks its test left pending or running
 * are aborted (hooks included) before the Runner stops, so nothing of the test stays open on the server.
 * `onModuleDestroy` runs before the Runner's own shutdown (`beforeApplicationShutdown`).
 */
@Injectable()
export class TestTaskQueueCleanup implements OnModuleDestroy {
  constructor(private readonly tasks: TaskService) {}

  async onModuleDestroy(): Promise<void> {
    const open: string[] = [];
    for (const status of ['pending', 'running', 'waiting'] as const) {
      let nextPageToken: string | undefined;
      do {
        const page = await this.tasks.list({ status, pageSize: 1_000, ...(nextPageToken ? { nextPageToken } : {}) });
        open.push(...page.tasks.map((task) => task.id));
        nextPageToken = page.nextPageToken;
      } while (nextPageToken);
    }
    await Promise.allSettled(open.map((id) => this.tasks.abort(id, 'the testing module closed')));
    const deadline = Date.now() + ABORT_WAIT_MS;
    for (const id of open) {
      while (Date.now() < deadline) {
        const status = await this.tasks.get(id).then(
          (task) => task.status,
          () => 'gone',
        );
        if (status !== 'pending' && status !== 'running' && status !== 'waiting') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
