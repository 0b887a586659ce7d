// The self-hosted GraphiQL 5 playground at /graphiql (and /): the page, and the bundle that
// src/playground/build.ts puts in dist/playground, served from this origin only, so the
// playground works on an intranet with no internet. The page has no inline script and is sent
// with a Content-Security-Policy that allows nothing but this origin.
//
// When the bundle is missing or stale (a checkout where only tsc ran, jest, editing the client):
//   - outside production the first request builds it (a few seconds, esbuild is a
//     devDependency) and later requests use it; a failed build answers 500 with the error;
//   - in production nothing is built at run time: a missing bundle answers 503 "run npm run
//     build" (whatever bundle is there is served as is, even if the sources have changed).
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { type Router } from 'express';
import { config } from '../config';
import { logger } from '../logger';
import { ASSETS_PATH, buildPlayground, freshManifest, PLAYGROUND_OUT_DIR, readManifest, type PlaygroundManifest } from './build';

/**
 * Nothing from another origin; Monaco sets inline styles, and fonts and images are data URLs.
 * The subscriptions' WebSocket to this host is named too: older Safari does not count ws: as 'self'.
 */
export function playgroundCsp(host: string | undefined): string {
  const sockets = host && /^[\w.-]+(:\d+)?$|^\[[\d:a-fA-F.]+\](:\d+)?$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'", "script-src 'self'", "worker-src 'self'", `connect-src 'self'${sockets}`,
    "style-src 'self' 'unsafe-inline'", "font-src 'self' data:", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'self'",
  ].join('; ');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (endpoint: string, manifest: PlaygroundManifest): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Zeren 责任 · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${ASSETS_PATH}/${manifest.style}">
<script type="module" src="${ASSETS_PATH}/${manifest.script}"></script>
</head>
<body>
<form id="signin" autocomplete="on">
  <strong>Zeren 责任</strong>
  <label>Username <input name="username" id="username" autocomplete="username" size="14"></label>
  <label>Password <input name="password" id="password" type="password" autocomplete="current-password" size="14"></label>
  <button type="submit" id="signin-button">Sign in</button>
  <output id="signin-status"></output>
  <span class="hint">Ctrl+Enter runs the query · the token goes into Headers</span>
</form>
<div id="graphiql" data-endpoint="${escapeHtml(endpoint)}">Loading GraphiQL…</div>
</body>
</html>
`;

const message = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2em;"><h1>${escapeHtml(title)}</h1>${body}</body></html>
`;

const NOT_BUILT = message('The playground is not built', `<p>The GraphiQL bundle is missing from
<code>dist/playground</code>. Run <code>npm run build</code> (or
<code>npm run build:playground</code>) and reload.</p><p>The API itself is up at <code>/graphql</code>.</p>`);

export function playgroundRouter(endpoint: string): Router {
  const router = express.Router();
  const production = config.env === 'production';
  let building: Promise<PlaygroundManifest> | null = null;

  // Read on every page request (a small JSON file), so a rebuild is picked up without a restart.
  const manifest = async (): Promise<PlaygroundManifest | null> => {
    if (production) return readManifest();
    const fresh = freshManifest();
    if (fresh) return fresh;
    building ??= buildPlayground().then(({ manifest: built, ms }) => {
      logger.info({ ms, dir: PLAYGROUND_OUT_DIR }, 'playground built');
      return built;
    }).finally(() => {
      building = null;
    });
    return building;
  };

  router.get(['/', '/graphiql'], async (req, res) => {
    try {
      const built = await manifest();
      if (!built) {
        res.status(503).type('html').set('cache-control', 'no-store').send(NOT_BUILT);
        return;
      }
      res.type('html').set({ 'content-security-policy': playgroundCsp(req.get('host')), 'cache-control': 'no-cache' }).send(page(endpoint, built));
    } catch (err) {
      logger.error({ err }, 'playground build failed');
      const detail = err instanceof Error ? err.message : String(err);
      res.status(500).type('html').set('cache-control', 'no-store')
        .send(message('The playground could not be built', `<pre>${escapeHtml(detail)}</pre><p>Try <code>npm run build:playground</code>.</p>`));
    }
  });
  // File names are content hashes: cache them for good. Scripts and stylesheets go gzipped
  // (written by the build) to browsers that take it.
  const cached = { immutable: true, maxAge: '365d' };
  router.get(`${ASSETS_PATH}/:file`, (req, res, next) => {
    const { file } = req.params;
    const gz = join(PLAYGROUND_OUT_DIR, `${file}.gz`);
    if (!/^[\w.-]+\.(js|css)$/.test(file) || !req.acceptsEncodings('gzip') || !existsSync(gz)) {
      next();
      return;
    }
    res.type(extname(file)).set({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    res.sendFile(gz, cached, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  router.use(ASSETS_PATH, express.static(PLAYGROUND_OUT_DIR, { ...cached, index: false }));
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  return router;
}
