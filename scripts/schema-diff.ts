// npm run schema:diff [-- <git ref>]: the changes of the committed SDL against a ref
// (default: the previous commit that changed it), breaking ones first.
import { schemaChanges, sdlAt } from '../test/contract/schema-history';

const ref = process.argv[2] ?? 'HEAD~1';
schemaChanges(sdlAt(ref), sdlAt(null)).then((changes) => {
  for (const c of changes) process.stdout.write(`${c.criticality.level.padEnd(12)} ${c.message}\n`);
  if (!changes.length) process.stdout.write(`no schema changes against ${ref}\n`);
});
