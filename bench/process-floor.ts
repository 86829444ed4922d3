/**
 * RSS of a bench child before it loads Nest, Temporal or the library: Node itself.
 * Import it first, so that the figure is taken before any other module of the child loads.
 */
export const FLOOR_RSS_BYTES = process.memoryUsage().rss;
