// The playground bundle: GraphiQL 5 with the explorer and history plugins, Monaco and its
// three web workers, built with esbuild into dist/playground (content-hashed file names and
// a manifest.json). Nothing in it loads from another origin: fonts are data URLs in the CSS,
// the workers are served beside the script. Run by `npm run build` (scripts/build-playground.ts)
// and, outside production, by the server on the first request when the bundle is missing or
// stale (see graphiql.ts). esbuild is a devDependency: it is only loaded when building.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants as zlib, gzipSync } from 'node:zlib';
import type { BuildOptions as EsbuildOptions, Metafile, Plugin } from 'esbuild';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository (src/playground in ts-node and jest, dist/src/playground once compiled). */
export const PROJECT_ROOT = projectRoot(__dirname);
export const PLAYGROUND_OUT_DIR = join(PROJECT_ROOT, 'dist', 'playground');
/** Where the router serves the files of PLAYGROUND_OUT_DIR. */
export const ASSETS_PATH = '/graphiql/assets';
const CLIENT_DIR = join(PROJECT_ROOT, 'src', 'playground', 'client');
const MANIFEST = 'manifest.json';
/** Bump when this file changes what it emits (the key below cannot see this file: ts vs js). */
const BUILD_VERSION = 2;
/** Packages whose version goes into the key. */
const PACKAGES = [
  'graphiql', '@graphiql/react', '@graphiql/toolkit', '@graphiql/plugin-explorer', '@graphiql/plugin-history',
  'monaco-editor', 'monaco-graphql', 'react', 'react-dom', 'graphql', 'graphql-ws', 'esbuild',
];

export interface PlaygroundManifest {
  /** Hash of the inputs (client sources, package versions); see inputKey(). */
  readonly key: string;
  readonly builtAt: string;
  /** The page's ES module and stylesheet, file names in PLAYGROUND_OUT_DIR. */
  readonly script: string;
  readonly style: string;
  readonly workers: { readonly editor: string; readonly json: string; readonly graphql: string };
  /** Every emitted file and its size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  /** The scripts and stylesheets also written gzipped (name.gz), and their gzipped sizes. */
  readonly gzipped: Readonly<Record<string, number>>;
}

function packageVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/**
 * What the bundle is built from: the client sources and the versions of the packages in it.
 * Null when the client sources are not there (an image with dist/ only): freshness unknown.
 */
export function inputKey(): string | null {
  if (!existsSync(CLIENT_DIR)) return null;
  const hash = createHash('sha256').update(`v${BUILD_VERSION}\n`);
  for (const name of readdirSync(CLIENT_DIR).sort()) {
    const file = join(CLIENT_DIR, name);
    if (statSync(file).isFile()) hash.update(`${name}\n`).update(readFileSync(file)).update('\n');
  }
  for (const name of PACKAGES) hash.update(`${name}@${packageVersion(name)}\n`);
  return hash.digest('hex').slice(0, 16);
}

export function readManifest(dir: string = PLAYGROUND_OUT_DIR): PlaygroundManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as PlaygroundManifest;
    const complete = [manifest.script, manifest.style, ...Object.values(manifest.workers)]
      .every((name) => typeof name === 'string' && existsSync(join(dir, name)));
    return complete ? manifest : null;
  } catch {
    return null;
  }
}

/** The built bundle when it matches the current inputs (or when freshness cannot be told). */
export function freshManifest(dir: string = PLAYGROUND_OUT_DIR): PlaygroundManifest | null {
  const manifest = readManifest(dir);
  if (!manifest) return null;
  const key = inputKey();
  return key === null || key === manifest.key ? manifest : null;
}

/**
 * Monaco's ESM files import their own CSS; graphiql/style.css already holds all of it (and the
 * codicon font as a data URL), so those imports are dropped rather than bundled twice.
 */
const dropMonacoCss: Plugin = {
  name: 'drop-monaco-css',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) =>
      /[\\/]node_modules[\\/]monaco-editor[\\/]/.test(args.importer) ? { path: args.path, namespace: 'dropped-css' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'dropped-css' }, () => ({ contents: '', loader: 'js' }));
  },
};

export interface PlaygroundBuildOptions {
  readonly outDir?: string;
  /** Rebuild even when a fresh bundle is there. */
  readonly force?: boolean;
  readonly minify?: boolean;
}

export interface BuildResult {
  readonly manifest: PlaygroundManifest;
  /** False when a fresh bundle was already there. */
  readonly built: boolean;
  readonly ms: number;
}

/**
 * Builds into a temporary folder beside outDir and swaps it in, so a server (or a parallel
 * jest worker) never sees half a bundle; file names are content hashes, so two builds of the
 * same inputs produce the same files.
 */
export async function buildPlayground(options: PlaygroundBuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const outDir = options.outDir ?? PLAYGROUND_OUT_DIR;
  if (!options.force) {
    const fresh = freshManifest(outDir);
    if (fresh) return { manifest: fresh, built: false, ms: Date.now() - started };
  }
  const key = inputKey();
  if (key === null) throw new Error(`playground sources missing: ${CLIENT_DIR}`);
  const esbuild = await import('esbuild');
  const minify = options.minify ?? true;
  const tmp = `${outDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const common: EsbuildOptions = {
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      minify,
      outdir: tmp,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'external',
      target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
      define: { 'process.env.NODE_ENV': '"production"' },
    };
    // The workers first: classic scripts (new Worker(url)), their hashed names go into the page script.
    const workers = await esbuild.build({
      ...common,
      entryPoints: [
        { in: 'monaco-editor/esm/vs/editor/editor.worker.js', out: 'editor.worker' },
        { in: 'monaco-editor/esm/vs/language/json/json.worker.js', out: 'json.worker' },
        { in: 'monaco-graphql/esm/graphql.worker.js', out: 'graphql.worker' },
      ],
      format: 'iife',
      entryNames: '[name]-[hash]',
    });
    const workerFile = (name: string): string => {
      const [file] = Object.entries(outputsOf(workers.metafile))
        .filter(([path, out]) => out.entryPoint !== undefined && path.endsWith('.js') && basename(path).startsWith(`${name}.worker-`));
      if (!file) throw new Error(`worker ${name} not built`);
      return basename(file[0]);
    };
    const workerFiles = { editor: workerFile('editor'), json: workerFile('json'), graphql: workerFile('graphql') };
    const workerUrls = Object.fromEntries(Object.entries(workerFiles).map(([label, file]) => [label, `${ASSETS_PATH}/${file}`]));

    // The page: one ES module (what GraphiQL imports dynamically, Monaco and prettier, become
    // chunks beside it) and one stylesheet.
    const page = await esbuild.build({
      ...common,
      entryPoints: [
        { in: join(CLIENT_DIR, 'main.ts'), out: 'playground' },
        { in: join(CLIENT_DIR, 'playground.css'), out: 'playground' },
      ],
      format: 'esm',
      splitting: true,
      entryNames: '[name]-[hash]',
      chunkNames: 'chunk-[hash]',
      assetNames: '[name]-[hash]',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
      define: { ...common.define, __ZEREN_WORKERS__: JSON.stringify(workerUrls) },
      plugins: [dropMonacoCss],
    });
    const outputs = Object.keys(outputsOf(page.metafile)).map((path) => basename(path));
    const script = outputs.find((name) => /^playground-.+\.js$/.test(name));
    const style = outputs.find((name) => /^playground-.+\.css$/.test(name));
    if (!script || !style) throw new Error(`playground entry points not built: ${outputs.join(', ')}`);

    const files: Record<string, number> = {};
    const gzipped: Record<string, number> = {};
    for (const name of readdirSync(tmp).sort()) {
      files[name] = statSync(join(tmp, name)).size;
      // Seven megabytes of JavaScript and CSS are about two gzipped: the router serves these.
      if (/\.(js|css)$/.test(name) && files[name] > 1024) {
        const gz = gzipSync(readFileSync(join(tmp, name)), { level: zlib.Z_BEST_COMPRESSION });
        writeFileSync(join(tmp, `${name}.gz`), gz);
        gzipped[name] = gz.length;
      }
    }
    const manifest: PlaygroundManifest = { key, builtAt: new Date().toISOString(), script, style, workers: workerFiles, files, gzipped };
    writeFileSync(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    swapIn(tmp, outDir, key);
    return { manifest: readManifest(outDir) ?? manifest, built: true, ms: Date.now() - started };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function outputsOf(metafile: Metafile | undefined): Metafile['outputs'] {
  if (!metafile) throw new Error('esbuild returned no metafile');
  return metafile.outputs;
}

function swapIn(tmp: string, outDir: string, key: string): void {
  // Another process built the same inputs meanwhile (same files): leave its folder alone.
  if (readManifest(outDir)?.key === key) return;
  mkdirSync(dirname(outDir), { recursive: true });
  const old = `${outDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
  } catch (err) {
    // Another process swapped its build in meanwhile: keep it if it is the same inputs.
    if (readManifest(outDir)?.key !== key) throw err;
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}
