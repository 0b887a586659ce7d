// The self-hosted GraphiQL page: React, ReactDOM and GraphiQL come from this
// server (node_modules), so the playground works on an intranet with no internet.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const pkgDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

export const PLAYGROUND_ASSETS: Record<string, string> = {
  'react.js': join(pkgDir('react'), 'umd/react.production.min.js'),
  'react-dom.js': join(pkgDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(pkgDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': join(pkgDir('graphiql'), 'graphiql.min.css'),
};

const EXAMPLE = `# Sign in with the form above (or paste a token into Headers:
#   {"Authorization": "Bearer <token>"}), then run:
query MyUnits {
  viewer { name title posts { role unit { name level } } }
  orgUnits(first: 20, filter: { inMyScope: true }) {
    totalCount
    edges { node { name level parent { name } } }
  }
}
`;

const page = (endpoint: string): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Zeren 责任 · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
<style>
  html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
  #signin { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #8b0000; color: #fff; font-size: 14px; }
  #signin input { padding: 3px 6px; }
  #signin output { margin-left: 8px; }
  #graphiql { height: calc(100vh - 40px); }
</style>
</head>
<body>
<form id="signin" autocomplete="on">
  <strong>Zeren 责任</strong>
  <label>Username <input name="username" id="username" autocomplete="username" size="14"></label>
  <label>Password <input name="password" id="password" type="password" autocomplete="current-password" size="14"></label>
  <button type="submit" id="signin-button">Sign in</button>
  <output id="signin-status"></output>
</form>
<div id="graphiql">Loading…</div>
<script src="/graphiql/assets/react.js"></script>
<script src="/graphiql/assets/react-dom.js"></script>
<script src="/graphiql/assets/graphiql.js"></script>
<script>
  const endpoint = ${JSON.stringify(endpoint)};
  const fetcher = GraphiQL.createFetcher({ url: endpoint });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  let generation = 0;
  function render(headers) {
    generation += 1;
    root.render(React.createElement(GraphiQL, {
      key: generation, fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)},
      headers, shouldPersistHeaders: true, defaultEditorToolsVisibility: 'headers',
    }));
  }
  render(undefined);
  document.getElementById('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('signin-status');
    status.textContent = 'Signing in…';
    const res = await fetch(endpoint, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token official { name } } }',
        variables: { u: document.getElementById('username').value, p: document.getElementById('password').value },
      }),
    });
    const body = await res.json();
    if (body.errors) { status.textContent = body.errors[0].message; return; }
    document.getElementById('password').value = '';
    status.textContent = 'Signed in as ' + body.data.login.official.name + ' (token in Headers)';
    render(JSON.stringify({ Authorization: 'Bearer ' + body.data.login.token }, null, 2));
  });
</script>
</body>
</html>
`;

export function playgroundRouter(endpoint: string): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(PLAYGROUND_ASSETS)) {
    if (!existsSync(file)) throw new Error(`playground asset missing: ${file}`);
    router.get(`/graphiql/assets/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  }
  const html = page(endpoint);
  router.get(['/', '/graphiql'], (_req, res) => res.type('html').send(html));
  return router;
}
