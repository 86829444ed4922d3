/** Options of `TaskService.send`. */
export interface TaskSendOptions {
  /**
   * An id of this message, 1 to 200 characters, chosen by the sender (a webhook's event id, an approval's request id):
   * the task drops a second message with an id it has seen (it remembers the latest 1 000), so a re-delivered
   * message is not taken twice. `send` still resolves for the duplicate: the server recorded it, the task ignored it.
   * @default none (every message is kept)
   */
  messageId?: string;
}
