// A Vitest reporter for `npm test` (scripts/test.mjs): writes every test that did not run to
// tests/artifacts/vitest-skips.json as {project, file, name, mode, reason}, where `reason` is the
// note of `ctx.skip(reason)` (null for `it.skip`, `it.todo`, or a test left out by a filter).
// test.mjs prints each reason in its summary and fails the run on a skip without one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export const SKIPS_FILE = 'tests/artifacts/vitest-skips.json';

export default class SkipReporter {
  onTestRunEnd(testModules) {
    const skips = [];
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const r = test.result();
        if (r.state === 'passed' || r.state === 'failed') continue;
        skips.push({
          project: test.project.name,
          file: relative(process.cwd(), mod.moduleId),
          name: test.fullName,
          mode: test.options.mode,
          reason: (r.state === 'skipped' && r.note) || null,
        });
      }
    }
    mkdirSync('tests/artifacts', { recursive: true });
    writeFileSync(SKIPS_FILE, `${JSON.stringify(skips, null, 1)}\n`);
  }
}
