// The playground page script (bundled by src/playground/build.ts, not run by Node): GraphiQL 5
// with the explorer, history and results-table plugins, the headers editor, the example tabs and the sign-in
// helper. Queries go over HTTP to the endpoint, subscriptions over graphql-ws on the same path.
import './workers';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser, element } from './browser';
import { EXAMPLE_TABS } from './examples';
import { RESULTS_PLUGIN } from './results';
import { SessionBridge, wireSignInForm } from './session';

const container = element('graphiql');
const endpoint = container.dataset.endpoint ?? '/graphql';
const { protocol, host } = browser.location;

const fetcher = createGraphiQLFetcher({
  url: endpoint,
  subscriptionUrl: `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${endpoint}`,
});
const EXPLORER_PLUGIN = explorerPlugin();
const plugins = [EXPLORER_PLUGIN, HISTORY_PLUGIN, RESULTS_PLUGIN];

wireSignInForm(endpoint);
container.textContent = '';
createRoot(container).render(
  h(StrictMode, null,
    h(GraphiQL, {
      fetcher,
      plugins,
      visiblePlugin: EXPLORER_PLUGIN,
      defaultTabs: EXAMPLE_TABS.map((tab) => ({ ...tab })),
      defaultEditorToolsVisibility: 'variables',
      isHeadersEditorEnabled: true,
      // The token stays out of localStorage unless the analyst turns this on in Settings.
      shouldPersistHeaders: false,
      showPersistHeadersSettings: true,
    },
    h(GraphiQL.Logo, null, h('span', { className: 'zeren-logo' }, 'Zeren 责任'), h(SessionBridge)))),
);
