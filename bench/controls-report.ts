import { controlGoalRows } from './controls-goals';
import type { ControlsResults } from './controls-results';
import type { WatchWindow } from './library/library-watch-apps';
import { median } from './measure/stats';
import type { TriggerSide } from './measure/trigger-many';
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
      const digits = row.unit === 'starts/s' ? 1 : 0;
      return `| ${row.goal} | ${row.comparison} | ${fixed(row.library, digits)} ${row.unit} | ${fixed(row.raw, digits)} ${row.unit} | ${row.unit === 'starts/s' || row.target.startsWith('<=') ? ratio(row.value) : '–'} | ${row.target} | ${verdict(row.met)} |`;
    }),
    '',
    ...triggerMany(results),
    ...watch(results),
    'Still to come (issue 20, part 4, once `controller.waitFor` and `TaskService.send` exist): a waiting task holds no',
    'activity slot (1 000 waiting tasks, then a task that must run at once), and `send` to result against a raw SDK',
    'signal or update round trip. Each is a row of `CONTROL_ROWS` (bench/controls.ts) with its measure in bench/measure/.',
    '',
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
