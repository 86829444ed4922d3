/** The requests a process sent, by gRPC method, and by the workflow id they named (those that name one). */
export interface RequestCounts {
  byMethod: Record<string, number>;
  byWorkflow: Record<string, number>;
}

/**
 * Counts the calls made through a Temporal `Connection`'s `workflowService`: each of its methods is replaced, on that
 * object, by one that counts the call and then makes it. Every client on the connection reads the service from it on
 * each call, so every request of the application through that connection is counted.
 */
export class RequestCounter {
  private counts: RequestCounts = { byMethod: {}, byWorkflow: {} };

  constructor(service: object) {
    const methods = service as Record<string, unknown>;
    for (const [name, method] of Object.entries(methods)) {
      if (typeof method !== 'function') continue;
      methods[name] = (...args: unknown[]): unknown => {
        this.count(name, args[0]);
        return (method as (...args: unknown[]) => unknown)(...args);
      };
    }
  }

  /** The counts since the last `reset()`. */
  snapshot(): RequestCounts {
    return { byMethod: { ...this.counts.byMethod }, byWorkflow: { ...this.counts.byWorkflow } };
  }

  reset(): void {
    this.counts = { byMethod: {}, byWorkflow: {} };
  }

  private count(method: string, request: unknown): void {
    this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + 1;
    const workflowId = workflowIdOf(request);
    if (workflowId !== undefined) this.counts.byWorkflow[workflowId] = (this.counts.byWorkflow[workflowId] ?? 0) + 1;
  }
}

/** The workflow id a request names (`execution.workflowId`, or `workflowId`), if any. */
export function workflowIdOf(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const { execution, workflowId } = request as { execution?: { workflowId?: unknown }; workflowId?: unknown };
  const id = execution?.workflowId ?? workflowId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** `after - before`, method by method (or workflow by workflow); zero counts left out. */
export function countsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([key, count]) => [key, count - (before[key] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
}
