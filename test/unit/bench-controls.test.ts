import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchConfig } from '../../bench/config';
import { controlGoalRows } from '../../bench/controls-goals';
import { readLatestControls, readLatestMain, type ControlsResults } from '../../bench/controls-results';
import type { WatchWindow } from '../../bench/library/library-watch-apps';
import { countsBetween, RequestCounter } from '../../bench/measure/request-counter';
import { sendSide, type SendRun } from '../../bench/measure/send';
import { alternatingOrder, summarizeSamples } from '../../bench/measure/stats';
import { alternatingSides, type TriggerManyRun } from '../../bench/measure/trigger-many';
import { waitingLatencies, type WaitingResult } from '../../bench/measure/waiting';
import { isWaiting } from '../../bench/raw/raw-sender';
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
      expect([config.waitingTasks, config.waitingSlots, config.waitingLatencyRuns]).toEqual([1000, 10, 20]);
      expect([config.sendRuns, config.sendRepeats]).toEqual([50, 2]);
    });

    it('reads the sizes of the waiting and send rows', () => {
      const config = readBenchConfig(['--controls=waiting,send', '--waiting-tasks=100', '--waiting-slots=4', '--send-runs=5'], { BENCH_SEND_REPEATS: '1', BENCH_WAITING_LATENCY_RUNS: '3' });
      expect(config.controls).toEqual(['waiting', 'send']);
      expect([config.waitingTasks, config.waitingSlots, config.waitingLatencyRuns, config.sendRuns, config.sendRepeats]).toEqual([100, 4, 3, 5, 1]);
      expect(() => readBenchConfig(['--waiting-tasks=0'], {})).toThrow(/--waiting-tasks must be a whole number >= 1/);
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

  it('alternates the triggerMany sides A B B A, and any sides A B C C B A', () => {
    expect(alternatingSides(2)).toEqual(['library', 'raw', 'raw', 'library']);
    expect(alternatingSides(1)).toEqual(['library', 'raw']);
    expect(alternatingOrder(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c', 'c', 'b', 'a', 'a', 'b', 'c']);
  });

  it('sums up samples in any order: nearest-rank percentiles, least and most', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(summarizeSamples(samples)).toEqual({ runs: 10, p50: 5, p95: 10, min: 1, max: 10 });
    expect(samples[0]).toBe(5);
  });

  it('rates the task among waiting tasks against its usual latency, before and after pooled', () => {
    expect(waitingLatencies({ usual: { before: [10, 30], after: [20, 40] }, amongWaiting: [30, 33, 36] })).toEqual({ usual: 25, amongWaiting: 33, ratio: 1.32 });
  });

  it('pools each send side over its processes, the message call apart', () => {
    const run = (side: SendRun['side'], ms: number[], messageMs: number[]): SendRun => ({ side, ...summarizeSamples(ms), ms, messageMs });
    const result = { runsPerProcess: 2, warmup: 1, runs: [run('library', [40, 60], [10, 12]), run('raw-signal', [30, 50], [5, 7]), run('library', [50, 70], [11, 13])] };
    expect(sendSide(result, 'library')).toEqual({ runs: 4, p50: 50, p95: 70, min: 40, max: 70 });
    expect(sendSide(result, 'library', 'messageMs')?.p50).toBe(11);
    expect(sendSide(result, 'raw-update')).toBeUndefined();
    expect(sendSide(undefined, 'library')).toBeUndefined();
  });

  it("takes the raw workflow for waiting once its first workflow task is done and none is pending", () => {
    expect(isWaiting({ historyLength: 2, raw: { pendingWorkflowTask: { state: 1 } } })).toBe(false);
    expect(isWaiting({ historyLength: 3, raw: { pendingWorkflowTask: { state: 2 } } })).toBe(false);
    expect(isWaiting({ historyLength: 4, raw: { pendingWorkflowTask: null } })).toBe(true);
    expect(isWaiting({ historyLength: 5, raw: { pendingWorkflowTask: { state: 1 } } })).toBe(false);
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
    const sendRun = (side: SendRun['side'], ms: number[], messageMs: number[]): SendRun => ({ side, ...summarizeSamples(ms), ms, messageMs });
    const waiting: WaitingResult = {
      waitingTasks: 1000,
      activitySlots: 10,
      warmup: 10,
      settleTasks: 2,
      usual: { before: [40, 40], after: [40, 40] },
      amongWaiting: [44, 44, 90],
      parkMs: 30_000,
      slots: { slots: 10, readings: 10, maxInFlightActivities: 0, cachedWorkflows: 1000 },
      sample: { tasks: 20, pendingActivities: 0 },
      cleanupMs: 20_000,
    };
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
        waiting,
        send: {
          runsPerProcess: 2,
          warmup: 1,
          runs: [sendRun('library', [44, 66], [10, 12]), sendRun('raw-signal', [40, 50], [5, 6]), sendRun('raw-update', [45, 55], [20, 21]), sendRun('library', [44, 66], [11, 13])],
        },
        ...over,
      },
    });

    it('rates triggerMany by the median of each side, watching by its caller events and the shared poll', () => {
      const [trigger, events, shared] = controlGoalRows(controls());
      expect(trigger).toMatchObject({ library: 100, raw: 100, value: 1, met: true });
      expect(events).toMatchObject({ value: 0, met: true });
      expect(shared).toMatchObject({ library: 21, raw: 20, value: 1, met: true });
      // A poll per watcher (no sharing) would cost about a hundred times one watcher's requests.
      const [, , unshared] = controlGoalRows(controls({ watch: { ...controls().rows.watch!, shared: { watchers: 100, window: window({ one: 20, many: 2000 }), oneWatcher: { taskId: 'one', requests: 20 }, manyWatchers: { taskId: 'many', requests: 2000 } } } }));
      expect(unshared).toMatchObject({ value: 1980, met: false });
      const unmeasured = controlGoalRows(controls({ triggerMany: undefined, watch: undefined, waiting: undefined, send: undefined }));
      expect(unmeasured.map((row) => row.met)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    });

    it('rates waiting by the p50 among the waiting tasks against the usual one and by the slots in use, send by p50 and p95 against the raw signal', () => {
      const [, , , among, slots, p50, p95] = controlGoalRows(controls());
      expect(among).toMatchObject({ library: 44, raw: 40, value: 1.1, target: '<= 1.20', met: true });
      expect(slots).toMatchObject({ library: 0, raw: 10, value: 0, met: true });
      expect(p50).toMatchObject({ library: 44, raw: 40, value: 1.1, met: true });
      expect(p95).toMatchObject({ library: 66, raw: 50, value: 1.32, met: false });
      const busy = controlGoalRows(controls({ waiting: { ...waiting, amongWaiting: [50, 50], sample: { tasks: 20, pendingActivities: 1 } } }));
      expect(busy[3]).toMatchObject({ value: 1.25, met: false });
      expect(busy[4]).toMatchObject({ value: 0, met: false });
    });

    it('renders the controls section from the latest controls results and keeps every section of the main results', () => {
      const main = readLatestMain();
      expect(main).toBeDefined();
      const page = renderReport(main!, 'bench/results/x.json', { results: controls(), file: 'bench/results/controls-x.json' });
      expect(page).toMatch(/## Goals \(issue 12\)[\s\S]*## Trigger controls and watching \(issues 21 and 20\)[\s\S]*`bench\/results\/controls-x\.json`[\s\S]*## Machine, versions, settings[\s\S]*--suite=controls/);
      expect(page).toMatch(/### Waiting tasks hold no activity slot[\s\S]*\| among 1000 waiting tasks \| 3 \| 44\.0 \|[\s\S]*### send to result[\s\S]*\| `TaskService\.send` → `result\(\)`, all runs \| 4 \| 44\.0 \| 66\.0 \|/);
      expect(page).not.toMatch(/Still to come/);
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
