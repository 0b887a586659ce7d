// The committed SDL over main's history, and graphql-inspector's diff of two versions.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

export const ROOT = join(__dirname, '../..');
export const SDL_PATH = 'src/schema/schema.graphql';

const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** The SDL at a commit, or in the working tree (null). */
export const sdlAt = (ref: string | null): string =>
  ref === null ? readFileSync(join(ROOT, SDL_PATH), 'utf8') : git('show', `${ref}:${SDL_PATH}`);

/** Commits on main's first-parent line that changed the SDL, oldest first. */
export const sdlCommits = (): { sha: string; subject: string }[] =>
  git('log', '--first-parent', '--reverse', '--format=%H%x09%s', '--', SDL_PATH).trim().split('\n').filter(Boolean)
    .map((line) => {
      const [sha, subject] = line.split('\t');
      return { sha, subject };
    });

export const hasGitHistory = (): boolean => {
  try {
    git('rev-parse', '--is-inside-work-tree');
    return sdlCommits().length > 0;
  } catch {
    return false;
  }
};

export const schemaChanges = (before: string, after: string): Promise<Change[]> => diff(buildSchema(before), buildSchema(after));
