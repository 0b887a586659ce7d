// Fails a test file whose statements broke a portable-SQL rule (test/setup/portable-sql.ts),
// naming each rule once with an example statement.
import { appendFileSync } from 'node:fs';
import { takeViolations } from './portable-sql';

afterAll(() => {
  const found = takeViolations();
  if (!found.length) return;
  const byRule = new Map(found.map((v) => [v.rule, `${v.sql} (from ${v.origin})`]));
  if (process.env.ZEREN_PORTABLE_SQL_REPORT) {
    for (const { rule, sql, origin } of new Map(found.map((v) => [v.sql, v])).values()) {
      appendFileSync(process.env.ZEREN_PORTABLE_SQL_REPORT, `${JSON.stringify({ file: expect.getState().testPath, rule, sql, origin })}\n`);
    }
    return;
  }
  throw new Error(`statements broke the portable-SQL rules (domain.md section 10):\n${[...byRule].map(([rule, sql]) => `- ${rule}: ${sql}`).join('\n')}`);
});
