// The one way a test skips: with a reason, kept in the task's meta so the JSON report carries it,
// and scripts/test.mjs prints it in the summary (a skip without one fails `npm test`).
import type { TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test was skipped (see skipBecause). */
    skipReason?: string;
  }
}

export function skipBecause(ctx: Pick<TestContext, 'skip' | 'task'>, reason: string): never {
  ctx.task.meta.skipReason = reason;
  return ctx.skip(reason);
}
