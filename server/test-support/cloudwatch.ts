import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';

/** Every event of a log group, read back through FilterLogEvents page by page (oldest first). */
export async function readGroup(logs: CloudWatchLogsClient, logGroupName: string): Promise<FilteredLogEvent[]> {
  const out: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName, nextToken }));
    out.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  // FilterLogEvents interleaves streams in no promised order: oldest first, whichever stream.
  return out.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

/** Parsed JSON @message of each event. */
export function messages(events: readonly FilteredLogEvent[]): Record<string, unknown>[] {
  return events.map((e) => JSON.parse(e.message ?? 'null') as Record<string, unknown>);
}

interface Sendable {
  middlewareStack: { add: (mw: never, options: { step: 'initialize'; name?: string }) => void };
}

/**
 * Records the input of every call of one command an SDK client sends (before the SDK's own
 * retries), and optionally answers or fails some of them: the SDK's middleware stack, not a mock.
 */
export function recordCalls<I>(client: Sendable, commandName: string, intercept?: (input: I, call: number) => unknown): I[] {
  const calls: I[] = [];
  const mw = (next: (args: { input: I }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: I }) => {
    if (context.commandName === commandName || context.commandName === `${commandName}Command`) {
      calls.push(structuredClone(args.input));
      const answer = intercept?.(args.input, calls.length);
      if (answer instanceof Error) throw answer;
      if (answer !== undefined) return answer;
    }
    return next(args);
  };
  client.middlewareStack.add(mw as never, { step: 'initialize' });
  return calls;
}

/** An error shaped like the one the SDK throws for an AWS error code. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}
