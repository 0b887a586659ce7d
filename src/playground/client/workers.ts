// Monaco's web workers, served from this origin (built by src/playground/build.ts as separate
// bundles; their URLs are defined at build time). Imported first by main.ts.
import { browser } from './browser';

declare const __ZEREN_WORKERS__: { readonly editor: string; readonly json: string; readonly graphql: string };

browser.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): object {
    const url = label === 'json' ? __ZEREN_WORKERS__.json : label === 'graphql' ? __ZEREN_WORKERS__.graphql : __ZEREN_WORKERS__.editor;
    return new browser.Worker(url, { name: label });
  },
};
