/**
 * Workflow interceptors the library bundles with the task workflow: they count how tasks end. Metrics from workflow
 * code go through the SDK's metric sink, which skips replays, so a task is counted once however often its history is
 * replayed; and they cost nothing when the process's SDK runtime exports no metrics.
 */
import { TASK_DEFINITION_METRIC_TAG, TASK_METRICS } from './task-metric-names';
import {
  ContinueAsNew,
  isCancellation,
  metricMeter,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
} from '@temporalio/workflow';

class TaskOutcomeMetricsInterceptor implements WorkflowInboundCallsInterceptor {
  // `then` rather than an async function: one promise instead of two, and each promise of workflow code costs the
  // worker a stack trace (the SDK keeps one per promise for its stack trace query).
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return next(input).then(
      (output) => {
        count(TASK_METRICS.succeeded);
        return output;
      },
      (err: unknown) => {
        // Continuing as new is a task carrying on in a fresh run, not an end.
        if (!(err instanceof ContinueAsNew)) count(isCancellation(err) ? TASK_METRICS.aborted : TASK_METRICS.failed);
        throw err;
      },
    );
  }
}

function count(name: string): void {
  metricMeter.createCounter(name, 'tasks').add(1, { [TASK_DEFINITION_METRIC_TAG]: workflowInfo().workflowType });
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new TaskOutcomeMetricsInterceptor()] });
