import type { Reporter, TestModule } from 'vitest/node';

/**
 * The time budgets of the vitest run (`npm test`'s vitest part), printed with each run so the CI log shows which test
 * file grows. A file over its budget is flagged, not failed: split it, shorten it, or move its long shape behind
 * TASKS_LONG_TESTS (`npm run test:long`), as test/integration/iterations.long.test.ts does.
 */
export const TEST_FILE_BUDGET_S = 120;
/** The whole vitest part of `npm test`, global set-up (the dev server, the workflow bundle) included: 680 s for 65 files here at 0.3.0-dev, which leaves room for the browser and interactive tests to come inside `.ci/run`'s 40 minutes. */
export const TEST_RUN_BUDGET_S = 900;

export interface FileDuration {
  file: string;
  project: string;
  ms: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The report printed at the end of a run: every file's duration, slowest first, each over `fileBudgetS` flagged, then
 * the sum of the files and the run's wall time against `runBudgetS`.
 */
export function formatDurations(
  files: readonly FileDuration[],
  wallMs: number,
  fileBudgetS = TEST_FILE_BUDGET_S,
  runBudgetS = TEST_RUN_BUDGET_S,
): string {
  const sorted = [...files].sort((a, b) => b.ms - a.ms);
  const width = Math.max(0, ...sorted.map(({ file }) => file.length));
  const over = sorted.filter(({ ms }) => ms > fileBudgetS * 1000);
  const lines = [`Test file durations, slowest first (budget: ${fileBudgetS} s per file, ${runBudgetS} s for the run):`];
  for (const { file, project, ms } of sorted) {
    const flag = ms > fileBudgetS * 1000 ? `  OVER BUDGET (${fileBudgetS} s)` : '';
    lines.push(`  ${seconds(ms).padStart(8)}  ${file.padEnd(width)}  ${project}${flag}`);
  }
  const sum = sorted.reduce((total, { ms }) => total + ms, 0);
  const runFlag = wallMs > runBudgetS * 1000 ? `  OVER BUDGET (${runBudgetS} s)` : '';
  lines.push(`  total: ${seconds(sum)} in ${sorted.length} files; run ${seconds(wallMs)} with set-up${runFlag}`);
  if (over.length > 0) lines.push(`  ${over.length} file(s) over the ${fileBudgetS} s budget: ${over.map(({ file }) => file).join(', ')}`);
  return lines.join('\n');
}

/** One file's time: its set-up files, its import and collection, and its tests and hooks. */
function fileDuration(module: TestModule): FileDuration {
  const d = module.diagnostic();
  const ms = d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
  return { file: module.relativeModuleId, project: module.project.name, ms };
}

/** Prints formatDurations at the end of a run, before vitest's own summary (listed after it in vitest.config.mts). */
export default class DurationsReporter implements Reporter {
  private startedAt = Date.now();

  onInit(): void {
    this.startedAt = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (testModules.length === 0) return;
    process.stdout.write(`\n${formatDurations(testModules.map(fileDuration), Date.now() - this.startedAt)}\n`);
  }
}
