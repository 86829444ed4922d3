/** A task input whose JSON encoding is `bytes` long: the same payload for both sides. */
export interface BenchInput {
  data: string;
  /** Set only by the memory scenario: how long the task sleeps. */
  sleepMs?: number;
}

export function benchInput(bytes: number, sleepMs?: number): BenchInput {
  const empty = JSON.stringify({ data: '', ...(sleepMs === undefined ? {} : { sleepMs }) }).length;
  return { data: 'x'.repeat(Math.max(0, bytes - empty)), ...(sleepMs === undefined ? {} : { sleepMs }) };
}

/** The message both sides of the `send` row deliver to their waiting task. */
export const BENCH_MESSAGE_PAYLOAD = { approved: true };
