// npm run codegen [-- --check]: the typed operations of codegen.yml, then the trusted-
// documents manifest of the public operations. With --check nothing is written and
// the run fails when anything is stale or an operation does not fit the schema.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_PATH, buildManifest } from '../src/trusted-documents';

const check = process.argv.includes('--check');
const root = join(__dirname, '..');

execFileSync(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.yml', ...(check ? ['--check'] : [])], {
  cwd: root, stdio: 'inherit',
});

// Imported after generation, so the manifest is built from the fresh documents.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const documents = require('../operations/generated/graphql') as Record<string, unknown>;
const manifest = `${JSON.stringify(buildManifest(documents), null, 2)}\n`;
const file = join(root, MANIFEST_PATH);
if (check) {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== manifest) {
    process.stderr.write(`${MANIFEST_PATH} is stale: run npm run codegen\n`);
    process.exit(1);
  }
  process.stdout.write(`${MANIFEST_PATH} is up to date\n`);
} else {
  writeFileSync(file, manifest);
  process.stdout.write(`wrote ${MANIFEST_PATH}\n`);
}
