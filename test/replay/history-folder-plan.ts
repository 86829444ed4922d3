/**
 * What `npm run record-histories` may do with the folder of histories of the package's current version. The histories
 * of a released version are what tasks that started on it look like: they are recorded once, at the release, and
 * never rewritten, or the replay test would stop guarding those tasks. A pre-release (`0.3.0-dev`) is still changing:
 * its folder is recorded again whenever asked, replacing what it held.
 */
export type HistoryFolderPlan = { action: 'record' } | { action: 're-record'; notice: string } | { action: 'refuse'; reason: string };

/** A released version: `major.minor.patch` with no pre-release part (`0.3.0`, not `0.3.0-dev` or `0.3.0-rc.1`). */
export function isReleasedVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(\+[0-9A-Za-z.-]+)?$/.test(version);
}

/** `folder` is where the histories of `version` go (for the messages); `exists` whether it is there already. */
export function planHistoryFolder(version: string, folder: string, exists: boolean): HistoryFolderPlan {
  if (!exists) return { action: 'record' };
  if (isReleasedVersion(version)) {
    return {
      action: 'refuse',
      reason:
        `${folder} already holds the histories of released version ${version}, and they are never re-recorded: the replay ` +
        'test replays them as tasks that started on that release left them. To record the workflow code as it is now, ' +
        'set package.json\'s version to the next one (a "-dev" version while it is under way, e.g. ' +
        `${nextDevVersion(version)}) and run npm run record-histories again. (If an interrupted recording left the folder ` +
        'incomplete and it is not committed yet, delete it and record again.)',
    };
  }
  return {
    action: 're-record',
    notice:
      `Re-recording ${folder}: ${version} is a pre-release, so what the folder held is replaced. Its histories guard ` +
      'running tasks only once recorded at a release (package.json at a version without a "-" part), where they stay.',
  };
}

function nextDevVersion(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${Number(minor) + 1}.0-dev`;
}
