// The few browser globals the playground uses, typed here: the server's tsconfig has no DOM
// library (and should not get one), and this folder is bundled by esbuild, not run by Node.

export interface BrowserElement {
  textContent: string | null;
  value: string;
  disabled: boolean;
  readonly dataset: Record<string, string | undefined>;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  setAttribute(name: string, value: string): void;
}

export interface Browser {
  readonly document: { getElementById(id: string): BrowserElement | null };
  readonly location: { readonly protocol: string; readonly host: string };
  readonly Worker: new (url: string, options?: { name?: string }) => object;
  MonacoEnvironment?: { getWorker(workerId: string, label: string): object };
}

export const browser = globalThis as unknown as Browser;

export function element(id: string): BrowserElement {
  const found = browser.document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found;
}
