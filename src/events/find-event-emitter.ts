import type { ModuleRef } from '@nestjs/core';

/** What the library needs of `EventEmitter2`: to subscribe and unsubscribe. Typed here so the package stays optional. */
export interface TaskEventSource {
  on(event: string, listener: (...values: unknown[]) => unknown): unknown;
  off(event: string, listener: (...values: unknown[]) => unknown): unknown;
}

/**
 * The application's `EventEmitter2` (registered by `EventEmitterModule.forRoot()`), or undefined when
 * `@nestjs/event-emitter` is not installed or not imported. The package is loaded only when a definition declares
 * events, so applications without it never need it. `loadPackage` stands in for the package in tests.
 */
export function findEventEmitter(moduleRef: ModuleRef, loadPackage: () => unknown = () => require('@nestjs/event-emitter')): TaskEventSource | undefined {
  let token: Function;
  try {
    ({ EventEmitter2: token } = loadPackage() as { EventEmitter2: Function });
  } catch {
    return undefined;
  }
  try {
    return moduleRef.get<unknown, TaskEventSource>(token, { strict: false });
  } catch {
    return undefined;
  }
}
