import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchConfig } from '../../bench/config';
import { controlGoalRows } from '../../bench/controls-goals';
import { readLatestControls, readLatestMain, type ControlsResults } from '../../bench/controls-results';
import type { WatchWindow } from '../../bench/library/library-watch-apps';
import { countsBetween, RequestCounter } from '../../bench/measure/request-counter';
import { alternatingSides, type TriggerManyRun } from '../../bench/measure/trigger-many';
import { eventsAdded, requestsPerSecond, splitEvenly } from '../../bench/measure/watch';
import { renderReport } from '../../bench/report';

/** The bench's controls suite (`npm run bench -- --suite=controls`): its settings, figures, goals and page section. */
describe('bench controls suite', () => {
  describe('config', () => {
    it('runs both suites by default, and the controls rows at their issue sizes', () => {
      const config = readBenchConfig([], {});
      expect(config.suites).toEqual(['main', 'controls']);
      expect(config.controls).toBe('all');
      expect(config.triggerManyItems).toBe(10_000);
      expect(config.triggerManyConcurrency).toBeUndefined();
      expect([config.watchTasks, config.watchWatchers, config.watchSeconds]).toEqual([100, 100, 20]);
    });

    it('reads --suite, --controls and the row sizes from flags or BENCH_ variables', () => {
      const config = readBenchConfig(['--suite=controls', '--controls=watch', '--trigger-many-items=500', '--trigger-many-concurrency=50'], { BENCH_WATCH_SECONDS: '5' });
      expect(config.suites).toEqual(['controls']);
      expect(config.controls).toEqual(['watch']);
      expect(config.triggerManyItems).toBe(500);
      expect(config.triggerManyConcurrency).toBe(50);
      expect(config.watchSeconds).toBe(5);
    });

    it('refuses an unknown suite and names the known flags for an unknown one', () => {
      expect(() => readBenchConfig(['--suite=fast'], {})).toThrow(/--suite lists main and\/or controls/);
      expect(() => readBenchConfig(['--suites=main'], {})).toThrow(/Unknown flag --suites\. Known: .*--suite,.*--trigger-many-concurrency/);
      expect(() => readBenchConfig(['--trigger-many-concurrency=0'], {})).toThrow(/--trigger-many-concurrency must be a whole number >= 1/);
    });
  });

  it('alternates the triggerMany sides A B B A', () => {
    expect(alternatingSides(2)).toEqual(['library', 'raw', 'raw', 'library']);
    expect(alternatingSides(1)).toEqual(['library', 'raw']);
  });

  it('spreads the unwatched control group evenly over the tasks started', () => {
    const ids = Array.from({ length: 12 }, (_, index) => index);
    expect(splitEvenly(ids, 2)).toEqual({ watched: [0, 1, 2, 3, 4, 6, 7, 8, 9, 10], control: [5, 11] });
    expect(splitEvenly(ids, 3).control).toEqual([3, 7, 11]);
    expect(splitEvenly(ids, 0)).toEqual({ watched: ids, control: [] });
  });

  it('counts events added per task, leaving out a task whose run changed in the window', () => {
    const before = new Map([
      ['a', { runId: 'r1', length: 10 }],
      ['b', { runId: 'r1', length: 20 }],
      ['c', { runId: 'r1', length: 30 }],
    ]);
    const after = new Map([
      ['a', { runId: 'r1', length: 14 }],
      ['b', { runId: 'r1', length: 28 }],
      ['c', { runId: 'r2', length: 3 }],
    ]);
    expect(eventsAdded(['a', 'b', 'c'], before, after)).toEqual({ tasks: 2, mean: 6, min: 4, max: 8 });
    expect(eventsAdded(['c'], before, after).tasks).toBe(0);
  });

  it('counts every call of a service object, by method and by the workflow it names', async () => {
    const service = {
      describeWorkflowExecution: async (request: { execution: { workflowId: string } }) => request.execution.workflowId,
      getSystemInfo: async () => 'info',
    };
    const counter = new RequestCounter(service);
    await expect(service.describeWorkflowExecution({ execution: { workflowId: 'task/1' } })).resolves.toBe('task/1');
    await service.describeWorkflowExecution({ execution: { workflowId: 'task/1' } });
    const middle = counter.snapshot();
    await service.getSystemInfo();
    expect(counter.snapshot()).toEqual({ byMethod: { describeWorkflowExecution: 2, getSystemInfo: 1 }, byWorkflow: { 'task/1': 2 } });
    expect(countsBetween(middle.byMethod, counter.snapshot().byMethod)).toEqual({ getSystemInfo: 1 });
    counter.reset();
    expect(counter.snapshot()).toEqual({ byMethod: {}, byWorkflow: {} });
    expect(requestsPerSecond({ ms: 2000, requests: { byMethod: { a: 3, b: 1 }, byWorkflow: {} } })).toBe(2);
  });

  describe('goals and page', () => {
    const window = (byWorkflow: Record<string, number>): WatchWindow => ({ ms: 20_000, requests: { byMethod: { describeWorkflowExecution: 40 }, byWorkflow }, states: 100, ended: 0 });
    const run = (side: TriggerManyRun['side'], acceptedPerSecond: number): TriggerManyRun => ({ side, ms: 1000, acceptedPerSecond, cpuMsPerItem: 1, accepted: 100, refused: 0, requestsPerItem: { startWorkflowExecution: 1 } });
    const controls = (over: Partial<ControlsResults['rows']> = {}): ControlsResults => ({
      schemaVersion: 1,
      suite: 'controls',
      startedAt: '2026-12-07T00:00:00.000Z',
      finishedAt: '2026-12-07T00:05:00.000Z',
      durationSeconds: 300,
      machine: { cpuModel: 'cpu', cores: 2, availableParallelism: 2, totalMemoryGb: 8, os: 'Linux', loadAverage: { start: [1, 1, 1], end: [1, 1, 1] } },
      versions: { node: 'v20', library: '0.3.0', temporalSdk: { worker: '1', client: '1', workflow: '1' }, nestCore: '12', typescript: '6', server: '1.32.0' },
      settings: { server: { startedByBench: true, dynamicConfig: {} }, config: readBenchConfig([], {}) },
      rows: {
        triggerMany: { items: 100, concurrency: 20, defaultConcurrency: true, warmup: 10, runs: [run('library', 90), run('raw', 100), run('raw', 100), run('library', 110)] },
        watch: {
          seconds: 20,
          iterationDelayMs: 5000,
          controlTasks: 20,
          runs: [{ intervalMs: 1000, isDefault: true, tasks: 100, window: window({}), events: { watched: { tasks: 100, mean: 40, min: 39, max: 41 }, control: { tasks: 20, mean: 40, min: 39, max: 41 } } }],
          shared: { watchers: 100, window: window({ one: 20, many: 21 }), oneWatcher: { taskId: 'one', requests: 20 }, manyWatchers: { taskId: 'many', requests: 21 } },
          callerEvents: { watched: 0, control: 0, types: ['WORKFLOW_EXECUTION_SIGNALED'] },
        },
        ...over,
      },
    });

    it('rates triggerMany by the median of each side, watching by its caller events and the shared poll', () => {
      const [trigger, events, shared] = controlGoalRows(controls());
      expect(trigger).toMatchObject({ library: 100, raw: 100, value: 1, met: true });
      expect(events).toMatchObject({ value: 0, met: true });
      expect(shared).toMatchObject({ library: 21, raw: 20, value: 1.05, met: true });
      const unmeasured = controlGoalRows(controls({ triggerMany: undefined, watch: undefined }));
      expect(unmeasured.map((row) => row.met)).toEqual([undefined, undefined, undefined]);
    });

    it('renders the controls section from the latest controls results and keeps every section of the main results', () => {
      const main = readLatestMain();
      expect(main).toBeDefined();
      const page = renderReport(main!, 'bench/results/x.json', { results: controls(), file: 'bench/results/controls-x.json' });
      expect(page).toMatch(/## Goals \(issue 12\)[\s\S]*## Trigger controls and watching \(issues 21 and 20\)[\s\S]*`bench\/results\/controls-x\.json`[\s\S]*## Machine, versions, settings[\s\S]*--suite=controls/);
      expect(renderReport(main!, 'bench/results/x.json', undefined)).toMatch(/## Trigger controls and watching[^\n]*\n\nNot measured yet: `npm run bench -- --suite=controls`/);
    });

    it('reads latest results only of the schema it knows', () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
      try {
        expect(readLatestControls(dir)).toBeUndefined();
        writeFileSync(join(dir, 'controls-latest.json'), JSON.stringify({ schemaVersion: 0, suite: 'controls' }));
        expect(readLatestControls(dir)).toBeUndefined();
        writeFileSync(join(dir, 'controls-latest.json'), JSON.stringify(controls()));
        expect(readLatestControls(dir)?.rows.triggerMany?.items).toBe(100);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
