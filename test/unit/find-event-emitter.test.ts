import type { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { findEventEmitter } from '../../src/events/find-event-emitter';

describe('findEventEmitter', () => {
  it("returns the application's EventEmitter2, looked up outside the module's scope", () => {
    const emitter = new EventEmitter2();
    const get = vi.fn().mockReturnValue(emitter);
    expect(findEventEmitter({ get } as unknown as ModuleRef)).toBe(emitter);
    expect(get).toHaveBeenCalledWith(EventEmitter2, { strict: false });
  });

  it('returns undefined when the application registers no EventEmitter2', () => {
    const get = () => {
      throw new Error('Nest could not find EventEmitter2 element');
    };
    expect(findEventEmitter({ get } as unknown as ModuleRef)).toBeUndefined();
  });

  it('returns undefined, without looking anything up, when @nestjs/event-emitter is not installed', () => {
    const notInstalled = () => {
      throw Object.assign(new Error("Cannot find module '@nestjs/event-emitter'"), { code: 'MODULE_NOT_FOUND' });
    };
    const get = vi.fn();
    expect(findEventEmitter({ get } as unknown as ModuleRef, notInstalled)).toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });
});
