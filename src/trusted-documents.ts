// Trusted documents (persisted queries for mobile clients): the manifest of the public
// operations' hashes, and what the server does with it. With ZEREN_TRUSTED_DOCUMENTS on,
// only documents in the manifest run (sent in full or by hash); otherwise any valid
// document runs and Apollo's automatic persisted queries cache the ones sent by hash.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { RequestHandler } from 'express';
import { Kind, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';

export const MANIFEST_PATH = 'operations/generated/persisted-documents.json';

export interface ManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The manifest of generated documents, each as Apollo Client sends it (with __typename
 * added to every selection set), so the client's hash and the manifest's agree.
 */
export function buildManifest(documents: Record<string, unknown>): Manifest {
  // Apollo's own transform, so the bodies match what its clients send.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addTypenameToDocument } = require('@apollo/client/utilities') as { addTypenameToDocument: (d: DocumentNode) => DocumentNode };
  const operations = Object.values(documents)
    .filter((d): d is DocumentNode => typeof d === 'object' && d !== null && (d as DocumentNode).kind === Kind.DOCUMENT)
    .flatMap((doc) => {
      // Fragment documents are part of the operations that use them, not operations themselves.
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (!op?.name) return [];
      const body = print(addTypenameToDocument(doc));
      return [{ id: sha256(body), name: op.name.value, type: op.operation, body }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/** The project folder (this file runs from src/ under ts-node and from dist/src/ when built). */
export const PROJECT_ROOT = join(__dirname, basename(join(__dirname, '..')) === 'dist' ? '../..' : '..');

export function loadManifest(path = MANIFEST_PATH): Map<string, string> {
  const file = isAbsolute(path) ? path : join(PROJECT_ROOT, path);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  return new Map(manifest.operations.map((o) => [o.id, o.body]));
}

/** Apollo's persisted-query cache, read-only and filled from the manifest (safelisting). */
export function manifestCache(documents: Map<string, string>) {
  const id = (key: string) => key.replace(/^apq:/, '');
  return {
    async get(key: string) { return documents.get(id(key)); },
    async set() { /* only the manifest's documents are known */ },
    async delete() { return false; },
  };
}

/**
 * Refuses, before Apollo parses anything, a request that carries document text whose
 * hash is not in the manifest. Requests by hash alone go on: Apollo finds trusted
 * hashes in the manifest cache and answers PersistedQueryNotFound for the rest.
 */
export function safelistMiddleware(documents: Map<string, string>): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === 'GET' ? req.query.query : body?.query;
    if (typeof query === 'string' && !documents.has(sha256(query))) {
      res.status(403).json({
        errors: [{ message: 'Only trusted documents run on this server: send a document from the manifest', extensions: { code: 'FORBIDDEN' } }],
      });
      return;
    }
    next();
  };
}
