import { Context } from '@temporalio/activity';
import type { BenchInput } from '../payload';

/** The raw side's only activity: does nothing, or sleeps when the input asks it to. */
export function createRawActivities() {
  return {
    async rawTask(input: BenchInput, heartbeatAtStart = false): Promise<void> {
      if (heartbeatAtStart) Context.current().heartbeat();
      if (input.sleepMs) await new Promise((resolve) => setTimeout(resolve, input.sleepMs));
    },
  };
}

export type RawActivities = ReturnType<typeof createRawActivities>;
