import { leverInput, progress, startTarget, withTargets, type BenchContext } from '../bench-context';
import type { Side } from '../target';
import { BASELINE } from '../levers';
import { runTasks } from './throughput';

/**
 * Before anything is timed, each side runs `warmup` tasks at once and a few one at a time: the JIT, the server's
 * caches and its SQLite file are then warm for both alike.
 */
export async function warmUp(context: BenchContext): Promise<void> {
  const { warmup } = context.config;
  if (warmup === 0) return;
  const input = leverInput(context, BASELINE);
  for (const side of ['library', 'raw'] as Side[]) {
    await withTargets([() => startTarget(context, side, BASELINE, 'warmup')], async ([target]) => {
      await runTasks(target!, warmup, input);
      for (let i = 0; i < Math.min(20, warmup); i++) await (await target!.trigger(input)).result();
    });
    progress(`warm-up: ${side} ran ${warmup} concurrent and ${Math.min(20, warmup)} sequential tasks`);
  }
}
