import { performance } from 'node:perf_hooks';

/** Polls `probe` every `everyMs` until it answers true; throws after `timeoutMs`, naming `what`. */
export async function pollUntil(probe: () => Promise<boolean>, what: string, timeoutMs: number, everyMs = 20): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > until) throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
