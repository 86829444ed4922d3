/**
 * The task's story as the Temporal Web UI shows it on the workflow page ("Current Details", Markdown): status,
 * iteration, progress, why it failed or was aborted, and its latest log lines, as text. Pure and bounded, so it
 * costs the workflow nothing but a string, and it never grows with the task.
 */
import type { TaskLogEntry, TaskProgress, TaskStatus } from './task-workflow.types';

/** Log lines the details show: the latest ones. */
export const DETAILS_LOG_LINES = 10;
/** Longest text of one shown log line (message and data), and of an error or abort reason. */
export const DETAILS_TEXT_CHARS = 200;

export interface TaskDetailsView {
  title: string;
  status: TaskStatus;
  iteration: number;
  maxIterations: number;
  progress?: TaskProgress;
  error?: { message: string; type: string };
  abortReason?: string;
  logs: readonly TaskLogEntry[];
  /** What a waiting task waits for (`controller.waitFor`): the message name, and until when (ISO time) when it may time out. */
  waitingFor?: { name: string; until?: string };
}

export function renderTaskDetails(view: TaskDetailsView): string {
  const facts = [`**${view.status}**`, `iteration ${view.iteration} of at most ${view.maxIterations}`];
  if (view.progress) facts.push(`progress ${view.progress.value}${view.status === 'running' ? ' (as of the last iteration)' : ''}`);
  const lines = [`### ${escape(view.title)}`, facts.join(' · ')];
  if (view.status === 'waiting' && view.waitingFor) {
    const until = view.waitingFor.until ? ` until ${view.waitingFor.until.slice(0, 19).replace('T', ' ')} UTC` : '';
    lines.push('', `**Waiting for** a message "${escape(clip(view.waitingFor.name))}"${until}`);
  }
  if (view.error) lines.push('', `**Failed:** ${escape(clip(view.error.message))} (\`${escape(view.error.type)}\`)`);
  if (view.status === 'aborted') lines.push('', `**Aborted**${view.abortReason ? `: ${escape(clip(view.abortReason))}` : ' (no reason given)'}`);
  if (view.logs.length > 0) {
    const shown = view.logs.slice(-DETAILS_LOG_LINES);
    lines.push('', `**Logs** (${shown.length === view.logs.length ? view.logs.length : `latest ${shown.length} of ${view.logs.length}`})`, '');
    for (const entry of shown) lines.push(`- \`${entry.at.slice(11, 19)}\` ${entry.level} · #${entry.iteration}.${entry.attempt} · ${logText(entry)}`);
  }
  return lines.join('\n');
}

/** A log line as Markdown: the message as text, its data as code (so JSON reads as written), both clipped. */
function logText(entry: TaskLogEntry): string {
  const message = escape(clip(entry.message));
  if (entry.data === undefined) return message;
  let data: string;
  try {
    data = JSON.stringify(entry.data) ?? String(entry.data);
  } catch {
    data = String(entry.data);
  }
  // A backtick would end the code span early.
  return `${message} \`${clip(data).replace(/`/g, "'")}\``;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > DETAILS_TEXT_CHARS ? `${line.slice(0, DETAILS_TEXT_CHARS - 1)}…` : line;
}

/** Keeps text from a task (titles, messages) from being read as Markdown or HTML. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (char) => `\\${char}`);
}
