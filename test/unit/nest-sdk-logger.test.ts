import type { LoggerService } from '@nestjs/common';
import { createNestSdkLogger } from '../../src/runner/nest-sdk-logger';

describe('createNestSdkLogger', () => {
  const lines: Array<[string, string]> = [];
  const nest: LoggerService = {
    log: (message: string) => lines.push(['log', message]),
    warn: (message: string) => lines.push(['warn', message]),
    error: (message: string) => lines.push(['error', message]),
    debug: (message: string) => lines.push(['debug', message]),
  };

  beforeEach(() => lines.splice(0));

  it('passes SDK messages at or above its level to the Nest logger, with their metadata on the line', () => {
    const logger = createNestSdkLogger(nest, 'WARN');
    logger.info('Worker state changed', { state: 'RUNNING' });
    logger.warn('Activity failed', { activityType: 'importCsv', error: new Error('boom') });
    logger.error('Worker failed');
    expect(lines).toEqual([
      ['warn', 'Activity failed {"activityType":"importCsv","error":"Error: boom"}'],
      ['error', 'Worker failed'],
    ]);
  });

  it('maps INFO to log and DEBUG to debug when the level lets them through', () => {
    const logger = createNestSdkLogger(nest, 'DEBUG');
    logger.info('polling');
    logger.debug('details');
    expect(lines).toEqual([
      ['log', 'polling'],
      ['debug', 'details'],
    ]);
  });
});
