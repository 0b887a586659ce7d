// npm's postinstall. Zeren runs on the Node.js of its `node` dependency (npm's scripts put it
// first on the PATH), but npm may build better-sqlite3's addon against the machine's own
// Node.js headers (an npmrc's nodedir). Then the addon is rebuilt here against the headers of
// the Node.js running this script: those beside its binary, or those of the `node` package's
// platform package (from the npm registry, as the binary came).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const loads = () => {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch (err) {
    if (err.code === 'ERR_DLOPEN_FAILED' || /bindings file/.test(err.message)) return false;
    throw err;
  }
};

const hasHeaders = (dir) => existsSync(join(dir, 'include', 'node', 'node_version.h'));

/** A folder with include/node for this Node.js. */
function headers() {
  const beside = join(dirname(process.execPath), '..');
  if (hasHeaders(beside)) return beside;
  // The `node` package's binary is a hard link to its platform package's, installed in its own
  // node_modules by its preinstall (npm install --no-save): a later npm install may prune that
  // package as extraneous, so its installer is run again when the headers are gone.
  const pkg = dirname(require.resolve('node/package.json'));
  const platform = () => {
    const dir = join(pkg, 'node_modules');
    return existsSync(dir) ? readdirSync(dir).map((d) => join(dir, d)).find(hasHeaders) : undefined;
  };
  if (!platform()) execFileSync(process.execPath, ['installArchSpecificPackage'], { cwd: pkg, stdio: 'inherit' });
  const found = platform();
  if (!found) throw new Error(`no headers of Node.js ${process.version} beside ${process.execPath} or in ${pkg}`);
  return found;
}

if (!loads()) {
  const nodedir = headers();
  console.log(`[zeren] better-sqlite3 was built for another Node.js: rebuilding it for ${process.version} (${nodedir})`);
  execFileSync('npm', ['rebuild', 'better-sqlite3', `--nodedir=${nodedir}`], { stdio: 'inherit' });
  // Checked by a new process: this one keeps the addon it failed to load (dlopen gives it back again).
  execFileSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { stdio: 'inherit' });
}
