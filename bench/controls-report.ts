import { controlGoalRows } from './controls-goals';
import type { ControlsResults } from './controls-results';
import type { WatchWindow } from './library/library-watch-apps';
import { SEND_SIDES, sendSide, type SendSide } from './measure/send';
import { median, summarizeSamples } from './measure/stats';
import type { TriggerSide } from './measure/trigger-many';
import { waitingLatencies } from './measure/waiting';
import { requestsPerSecond } from './measure/watch';
import { fixed, ratio, verdict } from './report-format';

/** The controls suite's latest results and the file they came from. */
export interface ControlsReportInput {
  results: ControlsResults;
  file: string;
}

/** The "Trigger controls and watching" section of docs/performance.md, from the latest controls results. */
export function controlsSection(controls: ControlsReportInput | undefined): string[] {
  const heading = ['## Trigger controls and watching (issues 21 and 20)', ''];
  if (!controls) return [...heading, 'Not measured yet: `npm run bench -- --suite=controls` measures these rows on their own.', ''];
  const { results, file } = controls;
  const rows = controlGoalRows(results);
  return [
    ...heading,
    `Measured by the controls suite (\`npm run bench -- --suite=controls\`, a few minutes), which runs on its own: results`,
    `\`${file}\` (and \`bench/results/controls-latest.json\`), started ${results.startedAt}, ${(results.durationSeconds / 60).toFixed(1)} minutes in all; load average`,
    `${results.machine.loadAverage.start.join(', ')} at the start and ${results.machine.loadAverage.end?.join(', ') ?? '?'} at the end.`,
    '',
    '| goal | compared | measured | reference | ratio | target | |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map((row) => {
      const digits = row.unit === 'starts/s' || row.unit === 'ms' ? 1 : 0;
      return `| ${row.goal} | ${row.comparison} | ${fixed(row.library, digits)} ${row.unit} | ${fixed(row.raw, digits)} ${row.unit} | ${row.target.startsWith('<= +') ? (row.value === undefined ? '–' : `+${row.value}`) : row.unit === 'starts/s' || row.target.startsWith('<=') ? ratio(row.value) : '–'} | ${row.target} | ${verdict(row.met)} |`;
    }),
    '',
    ...triggerMany(results),
    ...watch(results),
    ...waiting(results),
    ...send(results),
  ];
}

function triggerMany({ rows }: ControlsResults): string[] {
  const result = rows.triggerMany;
  if (!result) return ['### triggerMany', '', 'Not measured in this run (`--controls`).', ''];
  const cpu = (side: TriggerSide): number | undefined => {
    const runs = result.runs.filter((run) => run.side === side);
    return runs.length === 0 ? undefined : median(runs.map((run) => run.cpuMsPerItem));
  };
  return [
    '### triggerMany',
    '',
    `\`TaskService.triggerMany(definition, items${result.defaultConcurrency ? '' : `, { concurrency: ${result.concurrency} }`})\` with ${result.items} items, against the raw SDK's`,
    `\`client.workflow.start\` of the same workflow type with the same id shape, task queue, input, static summary, search`,
    `attribute and id policies, ${result.concurrency} starts in flight on both sides${result.defaultConcurrency ? " (triggerMany's default)" : ''}. Each run is a fresh process`,
    `(client-only: no worker polls, so what is timed is acceptance, from the call until every start was answered), after`,
    `a first call of ${result.warmup} items in the same process; the sides take turns (A B B A) on the same server.`,
    '',
    '| run | side | accepted | refused | seconds | accepted/s | CPU ms/item | requests/item, by gRPC method |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.runs.map(
      (run, index) =>
        `| ${index + 1} | ${run.side === 'library' ? 'library triggerMany' : 'raw SDK starts'} | ${run.accepted} | ${run.refused} | ${fixed(run.ms / 1000, 1)} | ${fixed(run.acceptedPerSecond, 1)} | ${fixed(run.cpuMsPerItem, 2)} | ${perMethod(run.requestsPerItem)} |`,
    ),
    '',
    `What the library does on top of the start, per item (the checks of \`trigger\`: options, schema, serialisable input,`,
    `id length, the payload's encoded size; the handle), is its process's CPU time: ${fixed(cpu('library'), 2)} ms an item against the raw`,
    `SDK's ${fixed(cpu('raw'), 2)} (medians). While the server answers slower than both sides can send, as at ${result.concurrency} in flight here,`,
    "that difference does not reach the accepted rate; it bounds it when the client's CPU is the limit.",
    '',
  ];
}

/** Requests by method, as `startWorkflowExecution 1.00`. */
function perMethod(requests: Record<string, number> | undefined): string {
  const entries = Object.entries(requests ?? {});
  return entries.length === 0 ? '–' : entries.map(([method, count]) => `${method} ${count.toFixed(2)}`).join(', ');
}

function watch({ rows }: ControlsResults): string[] {
  const result = rows.watch;
  if (!result) return ['### watch', '', 'Not measured in this run (`--controls`).', ''];
  const methods = (window: WatchWindow, steady: boolean): string => {
    const counts = steady ? window.steady?.requests.byMethod : window.requests.byMethod;
    const seconds = (steady ? window.steady?.ms : window.ms) ?? 0;
    return counts && seconds > 0
      ? Object.entries(counts)
          .map(([method, count]) => `${method} ${((count * 1000) / seconds).toFixed(1)}`)
          .join(', ')
      : '–';
  };
  const { shared } = result;
  return [
    '### watch',
    '',
    `Running tasks (each runs a no-op iteration, then waits ${result.iterationDelayMs / 1000} s on a durable timer before the next) are watched with`,
    '`TaskService.watch`, one watcher per task, for a window of ' + `${result.seconds} s, from a client-only process of its own. That`,
    "process counts every request it sends to the server: each call through the module's connection",
    "(`workflowService`), by gRPC method. A worker in another process runs the tasks. The events column compares the",
    `watched tasks' histories with an unwatched control group of ${result.controlTasks} tasks started with them (\`describe()\` before and after the window).`,
    'Steady: from the moment every watcher had its first state (the first reads of each task left out).',
    '',
    '| poll interval | tasks watched | requests/s, whole window | requests/s, steady | steady, by method (per second) | states seen | events per task, watched | events per task, unwatched |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...result.runs.map((run) => {
      const steady = run.window.steady ? requestsPerSecond(run.window.steady) : undefined;
      return `| ${run.intervalMs} ms${run.isDefault ? ' (default)' : ''} | ${run.tasks} | ${fixed(requestsPerSecond(run.window))} | ${fixed(steady)} | ${methods(run.window, true)} | ${run.window.states} | ${fixed(run.events.watched.mean)} (${run.events.watched.min}–${run.events.watched.max}) | ${fixed(run.events.control.mean)} (${run.events.control.min}–${run.events.control.max}) |`;
    }),
    '',
    `Shared poll: in one ${result.seconds} s window, a task with one watcher cost ${shared.oneWatcher.requests} requests and a task with ${shared.watchers}`,
    `watchers ${shared.manyWatchers.requests}, in the same process at the same time: every watcher of a task in a process shares one poll.`,
    `Events only a caller writes (signals, updates, cancel requests, terminations, options or properties changed from`,
    `outside: ${result.callerEvents.types.length} event types, listed in the results file), in the whole histories: ${result.callerEvents.watched} in the watched tasks', ${result.callerEvents.control} in the`,
    "control group's.",
    '',
  ];
}

function waiting({ rows }: ControlsResults): string[] {
  const result = rows.waiting;
  if (!result) return ['### Waiting tasks hold no activity slot', '', 'Not measured in this run (`--controls`).', ''];
  const { usual, amongWaiting, ratio: factor } = waitingLatencies(result);
  const phase = (name: string, ms: readonly number[]): string => {
    const summary = ms.length === 0 ? undefined : summarizeSamples(ms);
    return `| ${name} | ${ms.length} | ${fixed(summary?.p50)} | ${fixed(summary?.p95)} | ${fixed(summary?.min)} | ${fixed(summary?.max)} |`;
  };
  return [
    '### Waiting tasks hold no activity slot',
    '',
    `One Runner with ${result.activitySlots} activity slots (\`runner.maxConcurrentActivityTaskExecutions\`), in a fresh process, runs two`,
    `definitions: one whose first iteration returns \`controller.waitFor('go')\` with no timeout, and a quick one that`,
    'succeeds at once: the task that must run at once. The same process times the quick task, trigger to result, one at',
    `a time (after ${result.warmup} untimed; each phase begins with ${result.settleTasks} more untimed), with no task waiting; then triggers ${result.waitingTasks} waiting tasks (\`triggerMany\`) and waits until`,
    `\`count({ status: 'waiting' })\` says they all wait (${fixed(result.parkMs / 1000)} s); reads the Worker's activities in flight`,
    `(\`Worker.getStatus()\`, ${result.slots.readings} readings) and describes ${result.sample.tasks} of the waiting tasks; times the quick task again among them;`,
    `aborts them (\`abortMany\`, ${fixed(result.cleanupMs / 1000)} s until none was left) and times it a third time. The usual latency is`,
    'the first and third phases pooled.',
    '',
    '| phase | tasks | p50 ms | p95 ms | min ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    phase('no task waiting (before)', result.usual.before),
    phase(`among ${result.waitingTasks} waiting tasks`, result.amongWaiting),
    phase('no task waiting (after the clean-up)', result.usual.after),
    '',
    `Median among the waiting tasks ${fixed(amongWaiting)} ms against ${fixed(usual)} ms usual: ${ratio(factor)}. While they waited the Worker ran`,
    `${result.slots.maxInFlightActivities} activities at most (of ${result.slots.slots} slots) and held ${result.slots.cachedWorkflows} workflows in its cache; the ${result.sample.tasks} tasks described had`,
    `${result.sample.pendingActivities} pending activities. A waiting task is a workflow waiting on \`condition()\`: it costs the Worker a cached`,
    'workflow (memory), not an activity slot.',
    '',
  ];
}

const SEND_SIDE_NAMES: Readonly<Record<SendSide, string>> = {
  library: '`TaskService.send` → `result()`',
  'raw-signal': 'raw SDK `handle.signal()` → `result()`',
  'raw-update': 'raw SDK `handle.executeUpdate()` → `result()`',
};

function send({ rows }: ControlsResults): string[] {
  const result = rows.send;
  if (!result) return ['### send to result', '', 'Not measured in this run (`--controls`).', ''];
  return [
    '### send to result',
    '',
    "A task waiting for a message gets it, and the time from the sender's call until `result()` resolves is timed: the",
    "library's `send` (its checks, then a signal), against a raw SDK workflow that waits on `condition()` for a signal",
    '(what `send` is made of) or an Update (for reference: it answers once the workflow ran the handler), then runs one',
    `activity and returns. Each run is a fresh process (worker and client, a task queue of its own) making ${result.warmup}`,
    `untimed round trips, then ${result.runsPerProcess} timed ones, each on a task started for it and waiting (untimed: the library's \`get()\``,
    "says `waiting`; the raw workflow's `describe()` says its first workflow task completed and none is pending: a query",
    'would go through the worker, and one was seen to slow the round trip right after it). The sides take turns (A B C,',
    'C B A) on the same server.',
    '',
    '| side | round trips | p50 ms | p95 ms | min ms | max ms | the call alone, p50 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...SEND_SIDES.map((side) => {
      const summary = sendSide(result, side);
      return `| ${SEND_SIDE_NAMES[side]}, all runs | ${summary?.runs ?? 0} | ${fixed(summary?.p50)} | ${fixed(summary?.p95)} | ${fixed(summary?.min)} | ${fixed(summary?.max)} | ${fixed(sendSide(result, side, 'messageMs')?.p50)} |`;
    }),
    '',
    "The last column is the sender's call alone. `send` reads the task first (one `describe()`: a task that ended, or that",
    "is not this application's, is refused before anything is recorded), then signals: one request more than the raw",
    "signal. The rest of the round trip (the workflow task that takes the message, the activity, `result()`) is the same",
    'work on both sides, but for the search attribute and memo the library updates as the task resumes (commands of the',
    'workflow task that takes the message, not requests of their own) and its own work around the activity.',
    '',
    '| run | side | p50 ms | p95 ms |',
    '| ---: | --- | ---: | ---: |',
    ...result.runs.map((run, index) => `| ${index + 1} | ${run.side} | ${fixed(run.p50)} | ${fixed(run.p95)} |`),
    '',
  ];
}
