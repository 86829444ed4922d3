import type { WorkflowClientInterceptor, WorkflowStartInput, WorkflowStartOutput } from '@temporalio/client';
import type { MetricMeter, Next } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { TASK_DEFINITION_METRIC_TAG, TASK_METRICS } from '../../workflows/task-metric-names';
import { CANCEL_SELF_ACTIVITY, RUN_HOOK_ACTIVITY } from '../../workflows/task-workflow.types';

/**
 * Counts the tasks this process triggers (`TaskService.trigger`, `retry`, child tasks, event triggers), by
 * definition: each start the server accepted. An idempotent trigger of a task that already runs is accepted too, and
 * counted; tasks a Temporal Schedule starts are not triggered here (their ends are counted by the workflow).
 */
export class TaskTriggerMetricsInterceptor implements WorkflowClientInterceptor {
  constructor(
    private readonly meter: () => MetricMeter,
    private readonly namespace: string,
  ) {}

  async startWithDetails(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'startWithDetails'>,
  ): Promise<WorkflowStartOutput> {
    const output = await next(input);
    // Tagged like the SDK tags the workers' metrics (namespace, taskQueue), so the counters line up with the ends.
    this.meter()
      .createCounter(TASK_METRICS.triggered, 'tasks', 'Tasks triggered')
      .add(1, { [TASK_DEFINITION_METRIC_TAG]: input.workflowType, namespace: this.namespace, taskQueue: input.options.taskQueue });
    return output;
  }
}

/**
 * Records how long each attempt of an iteration runs, by definition and outcome (`success`, `continue`, `abort`,
 * `error`), through the activity's metric meter (which carries the namespace and task queue). The library's internal
 * activities (hooks, cancellation) are left out.
 */
export const taskIterationMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
      const definitionId = ctx.info.activityType;
      if (definitionId === CANCEL_SELF_ACTIVITY || definitionId === RUN_HOOK_ACTIVITY) return next(input);
      const startedAt = performance.now();
      let outcome = 'error';
      try {
        const result = await next(input);
        outcome = typeof (result as { kind?: unknown } | undefined)?.kind === 'string' ? (result as { kind: string }).kind : 'success';
        return result;
      } finally {
        ctx.metricMeter
          .createHistogram(TASK_METRICS.iterationDuration, 'float', 'ms', 'Duration of each attempt of a task iteration')
          .record(performance.now() - startedAt, { [TASK_DEFINITION_METRIC_TAG]: definitionId, outcome });
      }
    },
  },
});
