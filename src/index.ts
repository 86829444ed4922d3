export { TasksModule } from './tasks.module';
export { TASKS_MODULE_OPTIONS } from './tasks.module-definition';
export type { TasksModuleOptions, TasksConnectionOptions, TaskRunnerOptions, TaskDefaults, TaskLimits, TaskQueueLimits, TaskWorkflowBundleOption, TaskWatchPolling } from './options/tasks-module.options';
export { Task } from './decorators/task.decorator';
export { TaskService } from './service/task.service';
export type { TaskTriggerOptions, TaskConflictPolicy, TaskReusePolicy } from './service/task-trigger.options';
export type { TaskChildTriggerOptions, TaskParentEndPolicy } from './service/task-child-trigger.options';
export type { TaskDebounceOptions } from './service/task-debounce.options';
export type { TaskTriggerManyOptions, TaskTriggerManyItem, TaskTriggerManyResult, TaskInputFor } from './service/task-trigger-many.options';
export type { TaskBulkResult, TaskRetryManyResult } from './service/task-bulk-result';
export type { TaskInfo, TaskSummary, TaskPage, TaskListOptions, TaskFilter, TaskCounts, TaskErrorInfo, TaskStatus, TaskProgress, TaskChildResult, TaskPendingMessage } from './service/task-info';
export type { TaskSendOptions } from './service/task-send.options';
export type { TaskWatchOptions } from './service/task-watch.options';
export type { TaskWatchInfo } from './service/task-watch-info';
export { TaskHandle } from './task-handle';
export type { TaskResultOptions, TaskTriggerAndWaitOptions } from './task-result.options';
export { TaskRunner } from './runner/task.runner';
export { bundleTaskWorkflows, TASK_WORKFLOWS_PATH, type TaskWorkflowBundleOptions } from './runner/task-workflow-bundle';
export { TaskOutcome } from './task-outcome';
export { TASK_SEARCH_ATTRIBUTES, TASK_TAGS_SEARCH_ATTRIBUTE, TASK_DEFAULTS, LOCAL_ITERATION_MAX_TIMEOUT } from './tasks.constants';
export type { StandardSchemaV1 } from './definition/standard-schema';
export type {
  Duration,
  TaskContext,
  TaskController,
  TaskContinueOptions,
  TaskWaitForOptions,
  TaskReceivedMessage,
  TaskDefinitionOptions,
  TaskErrorOptions,
  TaskHandler,
  TaskHookParams,
  TaskInputOf,
  TaskSnapshot,
  TaskLogger,
  TaskOutputOf,
  TaskRetryPolicy,
  TaskRun,
  TaskRunParams,
  TaskDefinitionRef,
  TaskTriggerArgs,
  TaskOutputFor,
  HandlerClass,
  TaskEventTrigger,
  TaskScheduleOptions,
} from './task.interfaces';
export type { TaskLogEntry } from '../workflows/task-workflow.types';
export { TasksError } from './errors/tasks.error';
export { UnknownTaskDefinitionError } from './errors/unknown-task-definition.error';
export { DuplicateTaskDefinitionError } from './errors/duplicate-task-definition.error';
export { InvalidTaskDefinitionError } from './errors/invalid-task-definition.error';
export { InvalidTaskOutcomeError } from './errors/invalid-task-outcome.error';
export { TaskInputNotSerializableError } from './errors/task-input-not-serializable.error';
export { TaskFailedError } from './errors/task-failed.error';
export { TaskDeadlineExceededError } from './errors/task-deadline-exceeded.error';
export { TaskAbortedError } from './errors/task-aborted.error';
export { TaskTerminatedError } from './errors/task-terminated.error';
export { TaskResultTimeoutError } from './errors/task-result-timeout.error';
export { TaskResultWaitAbortedError } from './errors/task-result-wait-aborted.error';
export { TaskResultWaitsExhaustedError } from './errors/task-result-waits-exhausted.error';
export { InvalidResultOptionsError } from './errors/invalid-result-options.error';
export { TaskInputValidationError, type TaskInputIssue } from './errors/task-input-validation.error';
export { TaskNotFoundError } from './errors/task-not-found.error';
export { TaskStateError } from './errors/task-state.error';
export { TaskEndedError } from './errors/task-ended.error';
export { InvalidSendOptionsError } from './errors/invalid-send-options.error';
export { SearchAttributesMissingError } from './errors/search-attributes-missing.error';
export { ensureSearchAttributes } from './client/ensure-search-attributes';
export type { TasksModuleExtras, TasksModuleForRootOptions, TasksModuleForRootAsyncOptions } from './tasks.module-definition';
export { TaskSchedules } from './schedules/task-schedules';
export type { TaskScheduleInfo } from './schedules/task-schedule-info';
export type { TaskScheduleRegistry } from './schedules/task-schedule-registry';
export { InvalidScheduleOptionsError } from './errors/invalid-schedule-options.error';
export { TaskScheduleAlreadyExistsError } from './errors/task-schedule-already-exists.error';
export { EventEmitterMissingError } from './errors/event-emitter-missing.error';
export { TaskScheduleNotFoundError } from './errors/task-schedule-not-found.error';
export { TemporalUnavailableError } from './errors/temporal-unavailable.error';
export { TemporalNamespaceNotFoundError } from './errors/temporal-namespace-not-found.error';
export { TemporalLimitExceededError } from './errors/temporal-limit-exceeded.error';
export { TemporalRequestError } from './errors/temporal-request.error';
export { TaskOperationError } from './errors/task-operation.error';
export { TaskWorkflowBundleError } from './errors/task-workflow-bundle.error';
export { TaskPayloadTooLargeError } from './errors/task-payload-too-large.error';
export { TaskIdTooLongError } from './errors/task-id-too-long.error';
export { InvalidTriggerOptionsError } from './errors/invalid-trigger-options.error';
export { TaskAlreadyExistsError } from './errors/task-already-exists.error';
export { InvalidTriggerManyItemsError } from './errors/invalid-trigger-many-items.error';
export { InvalidTaskIdError } from './errors/invalid-task-id.error';
export { InvalidListOptionsError } from './errors/invalid-list-options.error';
export { InvalidWatchOptionsError } from './errors/invalid-watch-options.error';
export { InvalidTasksModuleOptionsError } from './errors/invalid-tasks-module-options.error';
export { DuplicateTasksModuleError } from './errors/duplicate-tasks-module.error';
export { InvalidEncryptionKeyError } from './errors/invalid-encryption-key.error';
export { EncryptionKeyNotFoundError } from './errors/encryption-key-not-found.error';
export { PayloadDecryptionError } from './errors/payload-decryption.error';
export { PayloadNotEncryptedError } from './errors/payload-not-encrypted.error';
export { InvalidCodecServerOptionsError } from './errors/invalid-codec-server-options.error';
export { OptionalDependencyMissingError } from './errors/optional-dependency-missing.error';
export { AesGcmPayloadCodec, type AesGcmKey, type AesGcmPayloadCodecOptions } from './codec/aes-gcm-payload.codec';
export { ENCODED_FAILURE_CONVERTER_PATH } from './codec/encoded-failure-converter-path';
export { TasksCodecServerModule } from './codec/tasks-codec-server.module';
export type { TasksCodecServerOptions, TasksCodecServerAsyncOptions, CodecServerRequest } from './codec/codec-server.options';
export { TasksHealthIndicator, type TasksHealthIndicatorResult, type TasksHealthCheckOptions } from './health/tasks-health.indicator';
export type { TasksTelemetryOptions, TaskTracingOptions, TaskSpanProcessor } from './telemetry/tasks-telemetry.options';
export { TASK_METRICS, TASK_DEFINITION_METRIC_TAG } from '../workflows/task-metric-names';
export { TASK_SPAN_ATTRIBUTES } from './telemetry/task-tracing';
