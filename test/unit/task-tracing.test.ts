import { TASK_SPAN_ATTRIBUTES } from '../../src';
import { tracingWorkerOptions } from '../../src/telemetry/task-tracing';

/** A scheduled task's previous result: the SDK's sink would copy it, decoded, onto every workflow span. */
const SECRET = 'SECRET-LAST-RESULT-7c41e2';

/** The workflow info the SDK's sink adds to each workflow span (as of SDK 1.24), with secrets where data can reach. */
const ids = { workflowId: 'report/42', runId: 'run-1', workflowType: 'report', taskQueue: 'tasks', namespace: 'default', attempt: 1 };
const workflowInfo = {
  ...ids,
  firstExecutionRunId: 'run-1',
  historyLength: 3,
  cronSchedule: '0 0 * * *',
  lastResult: SECRET,
  memo: { note: SECRET },
  searchAttributes: { TaskDefinition: ['report'] },
  lastFailure: new Error(SECRET),
  startTime: new Date(),
};

describe('workflow span attributes', () => {
  it('keep only task and workflow ids, queue, namespace and attempt: lastResult, memo and the rest of the workflow info stay in the process', () => {
    const ended: { attributes: Record<string, unknown> }[] = [];
    const spanProcessor = { onStart: () => undefined, onEnd: (span: never) => void ended.push(span), forceFlush: async () => undefined, shutdown: async () => undefined };
    const { sinks } = tracingWorkerOptions({ spanProcessor, resource: {} });
    const exporter = (sinks as unknown as { exporter: { export: { fn: (info: object, spans: object[]) => void } } }).exporter;
    const span = {
      name: 'RunWorkflow:report',
      spanContext: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
      attributes: { temporalWorkflowId: 'report/42', run_id: 'run-1', temporalActivityId: '1', secretTags: [SECRET] },
    };

    exporter.export.fn(workflowInfo, [span]);

    expect(ended).toHaveLength(1);
    expect(ended[0]!.attributes).toEqual({
      ...ids,
      temporalWorkflowId: 'report/42',
      run_id: 'run-1',
      temporalActivityId: '1',
      [TASK_SPAN_ATTRIBUTES.taskId]: 'report/42',
      [TASK_SPAN_ATTRIBUTES.definitionId]: 'report',
    });
    expect(JSON.stringify(ended[0]!.attributes)).not.toContain(SECRET);
  });
});
