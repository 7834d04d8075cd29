import cronstrue from "cronstrue";

/**
 * A report schedule's cron pattern in words ("At 07:00, only on Monday"), as an operations
 * manager reads it; `error` when the pattern is not one (the server refuses those too).
 */
export function scheduleInWords(cron: string): { words: string } | { error: string } {
  try {
    return {
      words: cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false, throwExceptionOnParseError: true }),
    };
  } catch (error) {
    return { error: `Not a schedule: ${String(error).replace(/^Error: /, "")}` };
  }
}
