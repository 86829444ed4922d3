import { isReleasedVersion, planHistoryFolder } from '../replay/history-folder-plan';

describe("planHistoryFolder (what npm run record-histories may do with the current version's folder)", () => {
  it('tells released versions from pre-releases', () => {
    expect(['0.2.0', '1.0.0', '12.3.45', '1.0.0+build.7'].filter(isReleasedVersion)).toEqual([
      '0.2.0',
      '1.0.0',
      '12.3.45',
      '1.0.0+build.7',
    ]);
    expect(['0.3.0-dev', '1.0.0-rc.1', '1.0.0-beta+exp', '1.0', 'latest'].filter(isReleasedVersion)).toEqual([]);
  });

  it('records a version whose folder is not there yet, released or not', () => {
    expect(planHistoryFolder('0.3.0', 'test/replay/histories/0.3.0', false)).toEqual({ action: 'record' });
    expect(planHistoryFolder('0.4.0-dev', 'test/replay/histories/0.4.0-dev', false)).toEqual({ action: 'record' });
  });

  it('refuses to re-record a released version, naming the folder and what to do instead', () => {
    const plan = planHistoryFolder('0.3.0', 'test/replay/histories/0.3.0', true);
    expect(plan.action).toBe('refuse');
    const { reason } = plan as { reason: string };
    expect(reason).toContain('test/replay/histories/0.3.0 already holds the histories of released version 0.3.0');
    expect(reason).toContain('never re-recorded');
    expect(reason).toContain('0.4.0-dev');
  });

  it('re-records a pre-release, saying that it replaces the folder', () => {
    const plan = planHistoryFolder('0.3.0-dev', 'test/replay/histories/0.3.0-dev', true);
    expect(plan).toEqual({
      action: 're-record',
      notice: expect.stringContaining('Re-recording test/replay/histories/0.3.0-dev: 0.3.0-dev is a pre-release'),
    });
  });
});
