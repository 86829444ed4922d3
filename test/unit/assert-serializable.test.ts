import { TaskInputNotSerializableError } from '../../src';
import { assertSerializable } from '../../src/service/assert-serializable';

describe('assertSerializable', () => {
  it.each([[undefined], [null], ['text'], [42], [true], [[1, 'a', null]], [{ a: { b: [{ c: 1 }] } }], [Object.create(null)]])('accepts %j', (value) => {
    expect(() => assertSerializable('t', value)).not.toThrow();
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(() => assertSerializable('t', { a: shared, b: shared })).not.toThrow();
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;

  it.each([
    [{ f: () => 1 }, 'input.f is a function'],
    [{ n: 10n }, 'input.n is a bigint'],
    [{ s: Symbol('x') }, 'input.s is a symbol'],
    [{ n: NaN }, 'input.n is NaN'],
    [{ d: new Date(0) }, 'input.d is a Date'],
    [{ m: new Map() }, 'input.m is an instance of Map'],
    [{ list: [1, undefined] }, 'input.list[1] is undefined'],
    [cyclic, 'input.self refers back to itself'],
  ])('refuses %p, naming the path', (value, message) => {
    const attempt = () => assertSerializable('importCsv', value);
    expect(attempt).toThrow(TaskInputNotSerializableError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow('The input of task "importCsv"');
  });
});
