/**
 * `nestjs-temporal-tasks/testing`: a local Temporal dev server for tests and local development, started from the
 * Temporal CLI.
 */
export { DEV_SERVER_DYNAMIC_CONFIG, TemporalDevServer, findTemporalCli, temporalCliCacheDir, type TemporalDevServerOptions } from './temporal-dev-server';
export { TemporalCliNotFoundError } from '../errors/temporal-cli-not-found.error';
export { TemporalDevServerStartError } from '../errors/temporal-dev-server-start.error';
