/** Number formatting for docs/performance.md; a dash where there is no figure. */
export const fixed = (value: number | undefined, digits = 1): string => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

export const quotient = (numerator: number | undefined, denominator: number | undefined): number | undefined =>
  numerator === undefined || denominator === undefined || denominator === 0 ? undefined : numerator / denominator;

/** A ratio, as `0.93`. */
export const ratio = (value: number | undefined): string => fixed(value, 2);

/** A factor against a reference, as `×1.12`. */
export const times = (value: number | undefined, reference: number | undefined): string => {
  const factor = quotient(value, reference);
  return factor === undefined ? '–' : `×${factor.toFixed(2)}`;
};

/** A change from a reference to a value, as `98.9 → 30.1`. */
export const change = (reference: number | undefined, value: number | undefined, digits = 1): string => `${fixed(reference, digits)} → ${fixed(value, digits)}`;

export const verdict = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');
