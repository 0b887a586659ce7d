// The schema as a contract over time: every version of the committed SDL on main
// (and the working tree) is compared with the version before it using graphql-inspector;
// a BREAKING change fails unless it is announced in src/schema/announced-breaking-changes.json.
// This covers "against the previous main" for any number of commits since it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CriticalityLevel } from '@graphql-inspector/core';
import { hasGitHistory, ROOT, schemaChanges, sdlAt, sdlCommits } from './schema-history';

interface Announcement {
  change: string;
  announced: string;
  reason: string;
}

const announced = JSON.parse(readFileSync(join(ROOT, 'src/schema/announced-breaking-changes.json'), 'utf8')) as Announcement[];

// Needs git history: a CI clone has it; a tarball without .git skips, unless CI is set.
const run = process.env.ZEREN_TEST_DB !== 'mariadb' && (hasGitHistory() || process.env.CI);

(run ? describe : describe.skip)('breaking schema changes', () => {
  // Every BREAKING change between consecutive versions, labelled with the commit that made it.
  const breaking: { label: string; message: string }[] = [];
  beforeAll(async () => {
    const versions = [...sdlCommits().map((c) => ({ label: `${c.sha.slice(0, 8)} ${c.subject.slice(0, 60)}`, sdl: sdlAt(c.sha) })),
      { label: 'working tree', sdl: sdlAt(null) }];
    for (let i = 1; i < versions.length; i++) {
      for (const change of await schemaChanges(versions[i - 1].sdl, versions[i].sdl)) {
        if (change.criticality.level === CriticalityLevel.Breaking) breaking.push({ label: versions[i].label, message: change.message });
      }
    }
  });

  it('are all announced, commit by commit along main', () => {
    const unannounced = breaking.filter((b) => !announced.some((a) => a.change === b.message)).map((b) => `${b.label}: ${b.message}`);
    expect(unannounced).toEqual([]);
  });

  it('gives every announcement a date and a reason, and each names a change that was made', () => {
    for (const a of announced) {
      expect(a.announced).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.reason.length).toBeGreaterThan(10);
      expect(breaking.map((b) => b.message)).toContain(a.change);
    }
  });
});
