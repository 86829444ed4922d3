import { BadRequestException, Body, Controller, HttpCode, Logger, Param, Post } from '@nestjs/common';
import { TaskService } from 'nestjs-temporal-tasks';
import { httpError } from './entries.controller.js';
import { APPROVAL_MESSAGE, approvalMessageId, type ImportApproval } from './import-approval.js';
import { importTaskId } from './import-id.js';

/** Longest `approvedBy`. */
const MAX_APPROVED_BY_LENGTH = 200;

/**
 * `POST /imports/:id/approve`: lets a large import that waits for an approval go on (import-approval.ts). The
 * progress page's Approve button posts here.
 */
@Controller('imports')
export class ImportApprovalController {
  private readonly logger = new Logger(ImportApprovalController.name);

  constructor(private readonly tasks: TaskService) {}

  /**
   * Sends the import its `approval` message (body, optional: `{ "approvedBy": "ada" }`). It answers 202 once Temporal
   * has recorded the message, whether the import waits already or not yet (an early approval is kept until it does).
   * Every approval of one import carries the same message id, so a double click is one approval: the second is
   * recorded and dropped by the task, and still answers 202. 404 for an unknown import or another application's, 409
   * for one that has ended, 400 for a body that is not `{ approvedBy?: string }`.
   */
  @Post(':id/approve')
  @HttpCode(202)
  async approve(@Param('id') id: string, @Body() body: unknown): Promise<{ taskId: string; approvedBy: string }> {
    const taskId = importTaskId(id);
    const approval = approvalFrom(body);
    try {
      await this.tasks.send(taskId, APPROVAL_MESSAGE, approval, { messageId: approvalMessageId(taskId) });
    } catch (err) {
      throw httpError(err);
    }
    this.logger.log(`Approval of ${taskId} by ${approval.approvedBy} sent`);
    return { taskId, approvedBy: approval.approvedBy };
  }
}

/** The approval from a request's body: none (no body, `{}`) is an anonymous approval. */
function approvalFrom(body: unknown): ImportApproval {
  // Without a JSON body Express leaves no body at all.
  if (body === undefined) return { approvedBy: 'anonymous' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('Send no body, or a JSON body of the form { "approvedBy": "ada" }.');
  }
  const { approvedBy, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new BadRequestException(`Unknown fields ${unknown.map((key) => `"${key}"`).join(', ')}: send { "approvedBy": "ada" }.`);
  if (approvedBy === undefined) return { approvedBy: 'anonymous' };
  if (typeof approvedBy !== 'string' || approvedBy.trim().length === 0 || approvedBy.length > MAX_APPROVED_BY_LENGTH) {
    throw new BadRequestException(
      `"approvedBy" must be a name of 1 to ${MAX_APPROVED_BY_LENGTH} characters, got ${JSON.stringify(approvedBy)}.`,
    );
  }
  return { approvedBy: approvedBy.trim() };
}
