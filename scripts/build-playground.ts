// Builds the GraphiQL playground into dist/playground (run by `npm run build` after tsc, or
// alone with `npm run build:playground`). --force rebuilds even when the bundle is fresh.
import { buildPlayground, PLAYGROUND_OUT_DIR, type PlaygroundBuildOptions, type BuildResult } from '../src/playground/build';

export { buildPlayground, PLAYGROUND_OUT_DIR, type PlaygroundBuildOptions, type BuildResult };

if (require.main === module) {
  buildPlayground({ force: process.argv.includes('--force') })
    .then(({ manifest, built, ms }) => {
      const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
      const total = Object.values(manifest.files).reduce((sum, size) => sum + size, 0);
      const gzipped = Object.values(manifest.gzipped).reduce((sum, size) => sum + size, 0);
      process.stdout.write(built
        ? `playground built in ${ms} ms: ${PLAYGROUND_OUT_DIR} (${Object.keys(manifest.files).length} files, ${kib(total)}, ${kib(gzipped)} gzipped)\n` +
          `  page ${manifest.script} ${kib(manifest.files[manifest.script] ?? 0)}, ${manifest.style} ${kib(manifest.files[manifest.style] ?? 0)}\n`
        : `playground is up to date: ${PLAYGROUND_OUT_DIR}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`playground build failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exit(1);
    });
}
