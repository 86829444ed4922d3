import { TaskWorkflowBundleError, TasksError, bundleTaskWorkflows } from '../../src';

describe('bundleTaskWorkflows', () => {
  it('throws TaskWorkflowBundleError, with the bundler error as cause, for a module that does not exist', async () => {
    const missing = '/nonexistent/workflow-interceptors-that-do-not-exist';
    const err: unknown = await bundleTaskWorkflows({ workflowInterceptorModules: [missing] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskWorkflowBundleError);
    expect(err).toBeInstanceOf(TasksError);
    const bundleError = err as TaskWorkflowBundleError;
    expect(bundleError).toMatchObject({ code: 'TASK_WORKFLOW_BUNDLE_FAILED', modules: [missing] });
    expect(bundleError.cause).toBeInstanceOf(Error);
    expect(bundleError.message).toContain(missing);
  }, 60_000);
});
