/**
 * A task's mailbox, as plain functions over plain data: what a message sent with `TaskService.send` becomes, which
 * message `controller.waitFor(name)` takes, what is dropped as a re-delivery, and what the mailbox keeps (bounded, so
 * that it can be carried across continue-as-new). The task workflow calls these on Temporal, and the in-memory engine
 * of `nestjs-temporal-tasks/testing` calls the same ones, so the two cannot drift apart.
 *
 * Imported by the workflow bundle: nothing here may touch Node, Nest, timers or the workflow APIs.
 */
import type { TaskMailbox, TaskMailboxMessage, TaskReceivedMessage } from './task-workflow.types';

/**
 * Most messages a mailbox keeps unread. A task that is sent more messages than it waits for loses the oldest unread
 * ones past this count, so that what it carries across continue-as-new stays bounded.
 */
export const MAX_MAILBOX_MESSAGES = 100;
/** Most message ids a mailbox remembers to drop re-deliveries: the latest ones. */
export const MAX_SEEN_MESSAGE_IDS = 1_000;

/** An empty mailbox, or a copy of a carried one (a mailbox is changed in place, a carry never is). */
export function openMailbox(carried?: TaskMailbox): TaskMailbox {
  return { messages: [...(carried?.messages ?? [])], seenIds: [...(carried?.seenIds ?? [])] };
}

/**
 * Puts a message in the mailbox, unless its id was seen before (a re-delivery, e.g. a provider's retried webhook):
 * returns false then, and the mailbox is unchanged. Past `MAX_MAILBOX_MESSAGES` unread, the oldest is dropped.
 */
export function receiveMessage(mailbox: TaskMailbox, message: TaskMailboxMessage): boolean {
  if (message.id !== undefined) {
    if (mailbox.seenIds.includes(message.id)) return false;
    mailbox.seenIds.push(message.id);
    if (mailbox.seenIds.length > MAX_SEEN_MESSAGE_IDS) mailbox.seenIds.splice(0, mailbox.seenIds.length - MAX_SEEN_MESSAGE_IDS);
  }
  mailbox.messages.push(message);
  if (mailbox.messages.length > MAX_MAILBOX_MESSAGES) mailbox.messages.splice(0, mailbox.messages.length - MAX_MAILBOX_MESSAGES);
  return true;
}

/** Whether a message of this name is waiting to be taken: what a waiting task's condition checks. */
export function hasMessage(mailbox: TaskMailbox, name: string): boolean {
  return mailbox.messages.some((message) => message.name === name);
}

/** Takes the oldest message of this name out of the mailbox, as the next iteration sees it; undefined when none. */
export function takeMessage(mailbox: TaskMailbox, name: string): TaskReceivedMessage | undefined {
  const index = mailbox.messages.findIndex((message) => message.name === name);
  if (index < 0) return undefined;
  const [message] = mailbox.messages.splice(index, 1);
  return message && { name: message.name, payload: message.payload, receivedAt: message.receivedAt };
}

/** The unread messages without their payloads, as the task's memo shows them (null when none, to clear the memo). */
export function unreadMessages(mailbox: TaskMailbox): Array<Omit<TaskMailboxMessage, 'payload'>> | null {
  if (mailbox.messages.length === 0) return null;
  return mailbox.messages.map(({ name, receivedAt, id }) => (id === undefined ? { name, receivedAt } : { name, receivedAt, id }));
}

/** Whether the mailbox holds anything worth carrying across continue-as-new. */
export function mailboxInUse(mailbox: TaskMailbox): boolean {
  return mailbox.messages.length > 0 || mailbox.seenIds.length > 0;
}
