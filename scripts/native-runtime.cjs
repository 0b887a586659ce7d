// npm's postinstall. Zeren runs on the Node.js of its `node` dependency (npm's scripts put it
// first on the PATH), but npm may build better-sqlite3's addon against the machine's own
// Node.js headers (an npmrc's nodedir). Then the addon is rebuilt here against the headers of
// the Node.js running this script, which come in the `node` package's platform package:
// nothing is downloaded.
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

/** The folder with include/node of this Node.js: beside its binary, or in the `node` package's platform package. */
function headers() {
  const near = [join(dirname(process.execPath), '..')];
  const bin = join(dirname(process.execPath), '..', 'node_modules');
  if (existsSync(bin)) near.push(...readdirSync(bin).map((d) => join(bin, d)));
  const found = near.find((d) => existsSync(join(d, 'include', 'node', 'node_version.h')));
  if (!found) throw new Error(`no headers of Node.js ${process.version} next to ${process.execPath}`);
  return found;
}

if (!loads()) {
  const nodedir = headers();
  console.log(`[zeren] better-sqlite3 was built for another Node.js: rebuilding it for ${process.version} (${nodedir})`);
  execFileSync('npm', ['rebuild', 'better-sqlite3', `--nodedir=${nodedir}`], { stdio: 'inherit' });
  if (!loads()) throw new Error('better-sqlite3 does not load after its rebuild');
}
