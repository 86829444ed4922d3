import { InvalidListOptionsError } from '../../src';
import { checkFilter, checkListOptions } from '../../src/service/check-list-options';
import { queryString, taskQuery } from '../../src/service/task-query';

const scope = { queues: ['app'], definitions: ['importCsv', 'sendMail'] };

describe('the visibility query builder', () => {
  it('escapes the backslash before the quote, so no value ends its string early', () => {
    expect(queryString("it's")).toBe("'it\\'s'");
    expect(queryString("\\' OR 1=1 -- ")).toBe("'\\\\\\' OR 1=1 -- '");
    expect(queryString('ends with \\')).toBe("'ends with \\\\'");
    expect(queryString('a\nb\0')).toBe("'a\\nb\\0'");
  });

  it('pins every query to the application: its queues, its workflow types, the library mark', () => {
    expect(taskQuery(scope).query).toBe(
      "TaskQueue = 'app' AND WorkflowType IN ('importCsv', 'sendMail') AND TaskDefinition IN ('importCsv', 'sendMail') AND ExecutionStatus != 'ContinuedAsNew'",
    );
    expect(taskQuery(scope, { definition: 'sendMail', status: 'failed' }).query).toBe(
      "TaskQueue = 'app' AND WorkflowType = 'sendMail' AND TaskDefinition = 'sendMail' AND ExecutionStatus != 'ContinuedAsNew' AND (ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut'))",
    );
  });

  it('matches a value SQL stores cannot compare by its prefix, and narrows the results to the value itself', () => {
    const { query, matches } = taskQuery(scope, { taskId: 'importCsv/C:\\data\\run1' });
    expect(query).toContain("WorkflowId STARTS_WITH 'importCsv/C:'");
    expect(query).not.toContain('ContinuedAsNew');
    expect(matches({ workflowId: 'importCsv/C:\\data\\run1' })).toBe(true);
    expect(matches({ workflowId: 'importCsv/C:\\data\\run10' })).toBe(false);
    const parent = taskQuery(scope, { parentId: 'importCsv/say "hi"' });
    expect(parent.query).toContain("TaskParentId STARTS_WITH 'importCsv/say '");
    expect(parent.matches({ workflowId: 'x', parentId: 'importCsv/say "hi"' })).toBe(true);
    expect(parent.matches({ workflowId: 'x', parentId: 'importCsv/say "ho"' })).toBe(false);
    expect(taskQuery(scope, { parentId: "importCsv/it's" }).query).toContain("TaskParentId = 'importCsv/it\\'s'");
  });
});

describe('the query builder with tags, creation bounds and execution states', () => {
  it('adds one clause per tag (every tag must be carried), the creation bounds as RFC 3339, and is exact', () => {
    const { query, exact } = taskQuery(scope, {
      tags: ['campaign-7', "o'clock"],
      createdAfter: new Date('2026-01-02T03:04:05.000Z'),
      createdBefore: new Date('2026-02-01T00:00:00.000Z'),
      execution: 'open',
    });
    expect(query).toContain("TaskTags = 'campaign-7' AND TaskTags = 'o\\'clock'");
    expect(query).toContain("StartTime > '2026-01-02T03:04:05.000Z' AND StartTime < '2026-02-01T00:00:00.000Z'");
    expect(query).toMatch(/AND ExecutionStatus = 'Running'$/);
    expect(exact).toBe(true);
    expect(taskQuery(scope, { execution: 'closed' }).query).toMatch(/ExecutionStatus IN \('Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut'\)$/);
  });

  it('says when the query alone is not exact, so that a batch operation never acts on it alone', () => {
    expect(taskQuery(scope, { parentId: 'importCsv/say "hi"' }).exact).toBe(false);
    expect(taskQuery(scope, { taskId: 'importCsv/C:\\x' }).exact).toBe(false);
    expect(taskQuery(scope, { parentId: "importCsv/it's" }).exact).toBe(true);
  });
});

describe('checkListOptions', () => {
  const check = (options: object) => () => checkListOptions(options, scope.definitions, 255);

  it('accepts the filters a caller can mean', () => {
    expect(check({ definition: 'sendMail', status: 'running', parentId: "importCsv/it's", pageSize: 1_000, nextPageToken: 'YWJj' })).not.toThrow();
  });

  it.each([
    [{ definition: "x' OR 1=1" }, /definition "x' OR 1=1" is not a definition of this application: use one of "importCsv", "sendMail"/],
    [{ status: 'bogus' }, /status "bogus" is not a task status/],
    [{ pageSize: 0 }, /pageSize must be a whole number from 1 to 1000, got 0/],
    [{ pageSize: 2.5 }, /pageSize/],
    [{ pageSize: '20' }, /pageSize/],
    [{ parentId: 'a\tb' }, /parentId .* control character/],
    [{ nextPageToken: "' OR" }, /nextPageToken/],
  ])('refuses %j with an InvalidListOptionsError naming the problem', (options, message) => {
    expect(check(options)).toThrow(InvalidListOptionsError);
    expect(check(options)).toThrow(message);
  });
});

describe('filters of count and the bulk actions', () => {
  it('refuses tags a trigger would refuse and created bounds that are not dates, naming the operation', () => {
    const check = (filter: object) => () => checkFilter(filter, 'abort', scope.definitions, 255);
    expect(check({ tags: ['a', 'b'], createdAfter: new Date() })).not.toThrow();
    expect(check({ tags: ['say "hi"'] })).toThrow(/Cannot abort tasks: tags: tag "say \\"hi\\"" holds/);
    expect(check({ tags: 'a' })).toThrow(InvalidListOptionsError);
    expect(check({ createdBefore: '2026-01-01' })).toThrow(/createdBefore must be a valid Date/);
    expect(check({ definition: 'other' })).toThrow(/not a definition of this application/);
  });
});
