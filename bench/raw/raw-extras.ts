/**
 * What the library does for every task beyond the raw workflow's one activity, reproduced on the raw side one item
 * at a time so that each item's cost can be measured. Workflow-safe: the raw workflow bundle imports it.
 */
export interface RawExtras {
  /** The search attributes, static summary and id policies TaskService.trigger starts every task with. */
  startAttributes?: boolean;
  /** The workflow upserts the status search attribute (running, then success) and the memo, as the task workflow does. */
  statusUpserts?: boolean;
  /** The activity heartbeats once as it starts, as the Runner does for every handler. */
  heartbeatAtStart?: boolean;
}
