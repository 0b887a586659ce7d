// Writes the emitted SDL to src/schema/schema.graphql (committed; a test fails when stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBareSchema, printSdl } from '../src/schema/build-schema';

buildBareSchema().then((schema) => {
  writeFileSync(join(__dirname, '../src/schema/schema.graphql'), printSdl(schema));
  process.stdout.write('wrote src/schema/schema.graphql\n');
});
