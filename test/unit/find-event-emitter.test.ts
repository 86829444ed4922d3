import type { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type * as FindEventEmitterModule from '../../src/events/find-event-emitter';

// Required afresh in each test, so that one test can load it as if @nestjs/event-emitter were not installed.

describe('findEventEmitter', () => {
  afterEach(() => jest.resetModules());

  it("returns the application's EventEmitter2, looked up outside the module's scope", () => {
    const { findEventEmitter } = require('../../src/events/find-event-emitter') as typeof FindEventEmitterModule;
    const emitter = new EventEmitter2();
    const get = jest.fn().mockReturnValue(emitter);
    expect(findEventEmitter({ get } as unknown as ModuleRef)).toBe(emitter);
    const { EventEmitter2: token } = require('@nestjs/event-emitter') as { EventEmitter2: Function };
    expect(get).toHaveBeenCalledWith(token, { strict: false });
  });

  it('returns undefined when the application registers no EventEmitter2', () => {
    const { findEventEmitter } = require('../../src/events/find-event-emitter') as typeof FindEventEmitterModule;
    const get = () => {
      throw new Error('Nest could not find EventEmitter2 element');
    };
    expect(findEventEmitter({ get } as unknown as ModuleRef)).toBeUndefined();
  });

  it('returns undefined, without looking anything up, when @nestjs/event-emitter is not installed', () => {
    jest.isolateModules(() => {
      jest.doMock('@nestjs/event-emitter', () => {
        throw Object.assign(new Error("Cannot find module '@nestjs/event-emitter'"), { code: 'MODULE_NOT_FOUND' });
      });
      const { findEventEmitter } = require('../../src/events/find-event-emitter') as typeof FindEventEmitterModule;
      const get = jest.fn();
      expect(findEventEmitter({ get } as unknown as ModuleRef)).toBeUndefined();
      expect(get).not.toHaveBeenCalled();
    });
  });
});
