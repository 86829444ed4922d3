import { BASELINE, LEVERS, OVERHEADS, type Lever } from './levers';
import type { Side } from './target';

/** One arm of a comparison: a side, set up as a lever says. */
export interface Arm {
  /** Key of the arm in the results: `library`, `raw`, `reference`, or an overhead's id. */
  name: string;
  side: Side;
  lever: Lever;
}

/** Arms measured next to each other, taking turns, so that they can be compared fairly on a busy machine. */
export interface Comparison {
  id: string;
  name: string;
  setting: string;
  libraryChange?: string;
  arms: Arm[];
}

/** The library against the raw SDK, both with their defaults. */
export const BASELINE_COMPARISON: Comparison = {
  id: BASELINE.id,
  name: BASELINE.name,
  setting: BASELINE.setting,
  arms: [
    { name: 'library', side: 'library', lever: BASELINE },
    { name: 'raw', side: 'raw', lever: BASELINE },
  ],
};

/**
 * A lever: the library with it (when the library can use it), the raw SDK with it, and the raw SDK without it as
 * the reference every gain is measured against.
 */
export function leverComparison(lever: Lever): Comparison {
  return {
    id: lever.id,
    name: lever.name,
    setting: lever.setting,
    libraryChange: lever.libraryChange,
    arms: [
      ...(lever.libraryChange ? [] : [{ name: 'library', side: 'library' as const, lever }]),
      { name: 'raw', side: 'raw', lever },
      { name: 'reference', side: 'raw', lever: BASELINE },
    ],
  };
}

export const LEVER_COMPARISONS: readonly Comparison[] = LEVERS.map(leverComparison);

/** The raw SDK (the reference), the raw SDK with each of the library's extras, and the library itself. */
export const OVERHEAD_COMPARISON: Comparison = {
  id: 'overheads',
  name: "Where the library's extra cost goes",
  setting: 'what the library does for every task beyond one activity, added to the raw side one item at a time',
  arms: [
    { name: 'reference', side: 'raw', lever: BASELINE },
    ...OVERHEADS.map((overhead) => ({ name: overhead.id, side: 'raw' as const, lever: overhead })),
    { name: 'library', side: 'library', lever: BASELINE },
  ],
};
