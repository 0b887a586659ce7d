// The schema as a contract over time: every version of the committed SDL on main
// (and the working tree) is compared with the version before it using graphql-inspector;
// a BREAKING change fails unless it is announced in src/schema/announced-breaking-changes.json,
// or it removes what the version before had deprecated (@deprecated with a reason: the
// deprecation was the announcement). This covers "against the previous main" for any
// number of commits since it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeType, CriticalityLevel, type Change } from '@graphql-inspector/core';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { hasGitHistory, ROOT, schemaChanges, sdlAt, sdlCommits } from './schema-history';

interface Announcement {
  change: string;
  announced: string;
  reason: string;
}

/** Did the schema before this change deprecate (with a reason) what the change removes? */
export function removesDeprecated(before: string, change: Change): boolean {
  const [typeName, member, arg] = (change.path ?? '').split('.');
  const type = buildSchema(before).getType(typeName);
  if (!type || !member) return false;
  const reason = (r: string | null | undefined): boolean => typeof r === 'string' && r.trim().length > 0;
  if (change.type === ChangeType.FieldRemoved && (isObjectType(type) || isInterfaceType(type))) return reason(type.getFields()[member]?.deprecationReason);
  if (change.type === ChangeType.InputFieldRemoved && isInputObjectType(type)) return reason(type.getFields()[member]?.deprecationReason);
  if (change.type === ChangeType.EnumValueRemoved && isEnumType(type)) return reason(type.getValue(member)?.deprecationReason);
  if (change.type === ChangeType.FieldArgumentRemoved && (isObjectType(type) || isInterfaceType(type)) && arg) {
    return reason(type.getFields()[member]?.args.find((a) => a.name === arg)?.deprecationReason);
  }
  return false;
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
        if (change.criticality.level === CriticalityLevel.Breaking && !removesDeprecated(versions[i - 1].sdl, change)) {
          breaking.push({ label: versions[i].label, message: change.message });
        }
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

describe('the deprecation path', () => {
  const before = `type Query {
    a: Int @deprecated(reason: "Use b: it counts closed tasks too")
    b: Int
    c: Int
    list(first: Int, top: Int @deprecated(reason: "Use first")): [Int]
  }
  enum Light { RED GREEN AMBER @deprecated(reason: "Named YELLOW now") YELLOW }`;
  const after = `type Query { b: Int list(first: Int): [Int] }
  enum Light { RED GREEN YELLOW }`;

  it('accepts removing what was deprecated with a reason, and nothing else', async () => {
    const breaking = (await schemaChanges(before, after)).filter((c) => c.criticality.level === CriticalityLevel.Breaking);
    const accepted = breaking.filter((c) => removesDeprecated(before, c)).map((c) => c.path).sort();
    const refused = breaking.filter((c) => !removesDeprecated(before, c)).map((c) => c.path).sort();
    expect(accepted).toEqual(['Light.AMBER', 'Query.a', 'Query.list.top']);
    expect(refused).toEqual(['Query.c']);
  });
});
