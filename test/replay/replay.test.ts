import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_BUNDLE_ENV } from '../support/test-env';

/**
 * Upgrades do not break running tasks: the library owns the workflow code, so a library upgrade is a workflow code
 * change under running executions. The histories recorded by record-histories.ts from every released version (one
 * folder each) are replayed here against the current workflow bundle; any non-determinism fails the build. A change
 * to workflows/ that fails this needs patching (`patched()`) or a new workflow version: see docs/management.md.
 */
const HISTORIES = join(__dirname, 'histories');

function recorded(): Array<{ name: string; workflowId: string; history: ReturnType<typeof historyFromJSON> }> {
  return readdirSync(HISTORIES).flatMap((version) =>
    readdirSync(join(HISTORIES, version))
      .filter((file) => file.endsWith('.json'))
      .map((file) => {
        const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, version, file), 'utf8')));
        return { name: `${version}/${file}`, workflowId: `${version}/${file}`, history };
      }),
  );
}

describe('recorded task histories replay against the current workflow code', () => {
  const histories = recorded();

  it('covers every shape of task, from every recorded version', () => {
    const shapes = new Set(histories.map(({ name }) => name.split('/')[1]!.replace(/(\.run-\d+)?\.json$/, '')));
    expect([...shapes].sort()).toEqual(
      [
        'aborted-from-inside',
        'aborted-from-outside',
        'child',
        'continued-as-new',
        'delayed-then-success',
        'failed-after-retries',
        'failed-non-retryable',
        'iterations-with-delays',
        'local-aborted-from-outside',
        'local-failed-non-retryable',
        'local-iterations',
        'local-retried-then-success',
        'local-success-with-hook',
        'max-iterations-exceeded',
        'parent-waiting-for-children',
        'retried-by-task-service',
        'retried-then-success',
        'scheduled',
        'success-with-hook',
        'timed-out',
      ].sort(),
    );
  });

  it('every recorded history replays without non-determinism', async () => {
    const code = readFileSync(process.env[TEST_BUNDLE_ENV]!, 'utf8');
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('replays a local task whose first workflow task a worker without local iterations ran: it carries on with regular activities', async () => {
    // During a rolling upgrade, a process of this version may trigger a local task (its memo says `local: true`) that
    // a worker of 0.2.0 runs with a regular activity. A worker of this version that later replays it must do as that
    // one did: the patch marker missing from the history says so. Such a history is the 0.2.0 one with that memo.
    const json = JSON.parse(readFileSync(join(HISTORIES, '0.2.0', 'success-with-hook.json'), 'utf8')) as {
      events: Array<{ workflowExecutionStartedEventAttributes?: { memo: { fields: Record<string, { data: string }> } } }>;
    };
    const memo = json.events[0]!.workflowExecutionStartedEventAttributes!.memo.fields;
    const settings = JSON.parse(Buffer.from(memo.taskSettings!.data, 'base64').toString()) as object;
    memo.taskSettings!.data = Buffer.from(JSON.stringify({ ...settings, local: true })).toString('base64');
    const code = readFileSync(process.env[TEST_BUNDLE_ENV]!, 'utf8');
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, [{ workflowId: 'begun-by-0.2.0', history: historyFromJSON(json) }])) results.push(result);
    expect(results.map((result) => result.error?.message)).toEqual([undefined]);
  }, 120_000);

  it('would catch a change: a workflow that does something else first fails the replay', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: join(__dirname, 'changed-workflow.ts'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
    const [one] = histories.filter(({ name }) => name.endsWith('/success-with-hook.json'));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, [one!])) results.push(result);
    expect(results[0]?.error?.name).toMatch(/DeterminismViolationError/);
  }, 120_000);
});
