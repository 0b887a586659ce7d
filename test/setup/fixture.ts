// The fixed tree of the persona matrix, with sibling pairs at every tier:
//
//   C1 ─┬─ D1 ─┬─ S1 ─┬─ M1 ─┬─ G1        C2 ── D3
//       │      │      │      └─ G2
//       │      │      └─ M2
//       │      └─ S2 ── M3
//       └─ D2 ── S3
//
// Personas are named <role><Unit>, each holding one current post at that unit.
import type { DataSource } from 'typeorm';
import { Account, Official, OrgUnit, Post } from '../../src/entities';
import { PostRole, UnitLevel } from '../../src/schema/enums';
import { SeedBuilder } from '../../src/seed/builder';

export const PASSWORD = 'fixture-password-1';

export const UNIT_KEYS = ['C1', 'D1', 'S1', 'M1', 'G1', 'G2', 'M2', 'S2', 'M3', 'D2', 'S3', 'C2', 'D3'] as const;
export type UnitKey = (typeof UNIT_KEYS)[number];

const TREE: [UnitKey, UnitKey | null, UnitLevel][] = [
  ['C1', null, UnitLevel.CITY], ['D1', 'C1', UnitLevel.DISTRICT], ['S1', 'D1', UnitLevel.STREET],
  ['M1', 'S1', UnitLevel.COMMUNITY], ['G1', 'M1', UnitLevel.GRID], ['G2', 'M1', UnitLevel.GRID],
  ['M2', 'S1', UnitLevel.COMMUNITY], ['S2', 'D1', UnitLevel.STREET], ['M3', 'S2', UnitLevel.COMMUNITY],
  ['D2', 'C1', UnitLevel.DISTRICT], ['S3', 'D2', UnitLevel.STREET], ['C2', null, UnitLevel.CITY],
  ['D3', 'C2', UnitLevel.DISTRICT],
];

export const PERSONAS = {
  adminC1: [PostRole.ADMIN, 'C1'],
  adminD1: [PostRole.ADMIN, 'D1'],
  adminD2: [PostRole.ADMIN, 'D2'],
  adminC2: [PostRole.ADMIN, 'C2'],
  officeD1: [PostRole.OFFICE, 'D1'],
  officeD2: [PostRole.OFFICE, 'D2'],
  officeS1: [PostRole.OFFICE, 'S1'],
  officeS2: [PostRole.OFFICE, 'S2'],
  secretaryS1: [PostRole.SECRETARY, 'S1'],
  secretaryM1: [PostRole.SECRETARY, 'M1'],
  disciplineC1: [PostRole.DISCIPLINE, 'C1'],
  disciplineC2: [PostRole.DISCIPLINE, 'C2'],
  disciplineD1: [PostRole.DISCIPLINE, 'D1'],
  disciplineM1: [PostRole.DISCIPLINE, 'M1'],
  teamM1: [PostRole.TEAM_MEMBER, 'M1'],
  teamM2: [PostRole.TEAM_MEMBER, 'M2'],
  analystC1: [PostRole.ANALYST, 'C1'],
  secretaryG1: [PostRole.SECRETARY, 'G1'],
  informantG2: [PostRole.INFORMANT, 'G2'],
} as const satisfies Record<string, readonly [PostRole, UnitKey]>;

/** Not in the matrix of roles: a retired official (post ended) and a deactivated account. */
export type Persona = keyof typeof PERSONAS | 'retired' | 'inactive';
export const ALL_PERSONAS = [...Object.keys(PERSONAS), 'retired', 'inactive'] as Persona[];

export interface Fixture {
  units: Record<UnitKey, OrgUnit>;
  officials: Record<Persona, Official>;
  accounts: Record<Persona, Account>;
  /** Each persona's one post (the retired official's has ended). */
  posts: Record<Persona, Post>;
}

export async function seedFixture(db: DataSource, scryptLogN = 10): Promise<Fixture> {
  return db.transaction(async (em) => {
    const b = new SeedBuilder(em, scryptLogN);
    const units = {} as Record<UnitKey, OrgUnit>;
    for (const [key, parent, level] of TREE) units[key] = await b.unit(parent ? units[parent] : null, `Unit ${key}`, level);
    const officials = {} as Record<Persona, Official>;
    const accounts = {} as Record<Persona, Account>;
    const posts = {} as Record<Persona, Post>;
    let n = 0;
    const person = async (key: Persona, unit: UnitKey): Promise<Official> => {
      n += 1;
      officials[key] = await b.official(units[unit], `Official ${key}`, `Title ${key}`, {
        phone: `1390000${String(n).padStart(4, '0')}`, idNumber: `11010119900101${String(n).padStart(3, '0')}X`,
      });
      return officials[key];
    };
    for (const [key, [role, unit]] of Object.entries(PERSONAS) as [keyof typeof PERSONAS, readonly [PostRole, UnitKey]][]) {
      const official = await person(key, unit);
      posts[key] = await b.post(official, units[unit], role, { since: '2024-01-01', domains: role === PostRole.TEAM_MEMBER ? ['EDUCATION'] : undefined });
      accounts[key] = await b.account(official, key.toLowerCase(), PASSWORD);
    }
    const retired = await person('retired', 'D1');
    posts.retired = await b.post(retired, units.D1, PostRole.OFFICE, { since: '2020-01-01', until: '2023-12-31' });
    accounts.retired = await b.account(retired, 'retired', PASSWORD);
    const inactive = await person('inactive', 'D1');
    posts.inactive = await b.post(inactive, units.D1, PostRole.ADMIN, { since: '2024-01-01' });
    accounts.inactive = await b.account(inactive, 'inactive', PASSWORD, { active: false });
    return { units, officials, accounts, posts };
  });
}
