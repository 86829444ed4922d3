import { Injectable } from '@nestjs/common';

/**
 * An ordinary Nest provider: where imported entries end up. Tasks get it injected like any other class would.
 * Saving is idempotent (keyed by the row), because an iteration that Temporal retries runs again from the start.
 */
@Injectable()
export class EntriesService {
  private readonly entries = new Set<string>();

  save(row: string): void {
    this.entries.add(row);
  }

  count(): number {
    return this.entries.size;
  }
}
