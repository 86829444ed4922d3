import { TasksError } from './tasks.error';

/** Thrown at start-up by `TasksCodecServerModule.forRoot` / `forRootAsync` when its options are invalid, listing every problem. */
export class InvalidCodecServerOptionsError extends TasksError {
  readonly code = 'INVALID_CODEC_SERVER_OPTIONS';

  constructor(readonly problems: readonly string[]) {
    super(`TasksCodecServerModule options are invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
