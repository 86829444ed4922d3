import {
  MAX_MAILBOX_MESSAGES,
  MAX_SEEN_MESSAGE_IDS,
  hasMessage,
  mailboxInUse,
  openMailbox,
  receiveMessage,
  takeMessage,
  unreadMessages,
} from '../../workflows/task-mailbox';
import { nextStep } from '../../workflows/task-semantics';
import type { TaskMailboxMessage } from '../../workflows/task-workflow.types';

const message = (name: string, payload: unknown, id?: string, receivedAt = '2026-01-01T00:00:00.000Z'): TaskMailboxMessage => ({
  name,
  payload,
  receivedAt,
  ...(id === undefined ? {} : { id }),
});

describe('the task mailbox (workflows/task-mailbox.ts)', () => {
  it('takes the oldest message of the name waited for, and keeps messages of other names unread', () => {
    const mailbox = openMailbox();
    expect(mailboxInUse(mailbox)).toBe(false);
    receiveMessage(mailbox, message('note', 'n'));
    receiveMessage(mailbox, message('approval', 1));
    receiveMessage(mailbox, message('approval', 2));
    expect(hasMessage(mailbox, 'approval')).toBe(true);
    expect(takeMessage(mailbox, 'approval')).toEqual({ name: 'approval', payload: 1, receivedAt: '2026-01-01T00:00:00.000Z' });
    expect(takeMessage(mailbox, 'approval')?.payload).toBe(2);
    expect(takeMessage(mailbox, 'approval')).toBeUndefined();
    expect(hasMessage(mailbox, 'approval')).toBe(false);
    expect(unreadMessages(mailbox)).toEqual([{ name: 'note', receivedAt: '2026-01-01T00:00:00.000Z' }]);
    takeMessage(mailbox, 'note');
    expect(unreadMessages(mailbox)).toBeNull();
  });

  it('drops a message whose id it has seen, even after the first was taken, and carries the ids it saw', () => {
    const mailbox = openMailbox();
    expect(receiveMessage(mailbox, message('webhook', 'first', 'evt-1'))).toBe(true);
    expect(takeMessage(mailbox, 'webhook')?.payload).toBe('first');
    expect(receiveMessage(mailbox, message('webhook', 'again', 'evt-1'))).toBe(false);
    expect(hasMessage(mailbox, 'webhook')).toBe(false);
    expect(mailboxInUse(mailbox)).toBe(true);
    // Across continue-as-new: a copy of the carried mailbox remembers the id; the carry itself is never changed.
    const carried = structuredClone(mailbox);
    const next = openMailbox(carried);
    expect(receiveMessage(next, message('webhook', 'third', 'evt-1'))).toBe(false);
    expect(receiveMessage(next, message('webhook', 'other', 'evt-2'))).toBe(true);
    expect(carried.seenIds).toEqual(['evt-1']);
    expect(unreadMessages(next)).toEqual([{ name: 'webhook', receivedAt: '2026-01-01T00:00:00.000Z', id: 'evt-2' }]);
  });

  it('stays bounded: the oldest unread messages and the oldest seen ids go first', () => {
    const mailbox = openMailbox();
    for (let i = 0; i < MAX_MAILBOX_MESSAGES + 5; i++) receiveMessage(mailbox, message('m', i));
    expect(mailbox.messages).toHaveLength(MAX_MAILBOX_MESSAGES);
    expect(takeMessage(mailbox, 'm')?.payload).toBe(5);
    for (let i = 0; i < MAX_SEEN_MESSAGE_IDS + 3; i++) receiveMessage(mailbox, message('n', i, `id-${i}`));
    expect(mailbox.seenIds).toHaveLength(MAX_SEEN_MESSAGE_IDS);
    expect(mailbox.seenIds[0]).toBe('id-3');
    // An id forgotten is accepted again: the bound is the price of a carry that stays small.
    expect(receiveMessage(mailbox, message('n', 'late', 'id-0'))).toBe(true);
  });
});

describe('nextStep of a wait (workflows/task-semantics.ts)', () => {
  const at = { taskId: 'collect/1', definitionId: 'collect', iteration: 2, maxIterations: 5, state: { kept: true } };

  it('is a next iteration that waits for the message, with the state given or else the one the iteration ran with', () => {
    expect(nextStep({ kind: 'wait', name: 'approval', state: { step: 3 }, timeoutMs: 1_000, attempt: 1 }, at)).toEqual({
      kind: 'next',
      state: { step: 3 },
      iteration: 3,
      waitForChildren: false,
      delayMs: 0,
      waitFor: { name: 'approval', timeoutMs: 1_000 },
    });
    expect(nextStep({ kind: 'wait', name: 'approval', attempt: 1 }, at)).toMatchObject({
      kind: 'next',
      state: { kept: true },
      waitFor: { name: 'approval' },
    });
  });

  it('counts toward maxIterations as a continue does', () => {
    expect(nextStep({ kind: 'wait', name: 'approval', attempt: 1 }, { ...at, iteration: 5 })).toMatchObject({
      kind: 'maxIterations',
      state: { kept: true },
    });
  });
});
