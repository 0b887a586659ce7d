// The fixture tree as the tests' own expectation of the scope rule: written out by hand,
// so an expected set never comes from the code under test.
import type { Persona, UnitKey } from './fixture';

export const PARENT: Record<UnitKey, UnitKey | null> = {
  C1: null, D1: 'C1', S1: 'D1', M1: 'S1', G1: 'M1', G2: 'M1', M2: 'S1', S2: 'D1', M3: 'S2', D2: 'C1', S3: 'D2', C2: null, D3: 'C2',
};

/** The unit and every unit above it. */
export function lineage(unit: UnitKey): UnitKey[] {
  const out: UnitKey[] = [];
  for (let u: UnitKey | null = unit; u; u = PARENT[u]) out.push(u);
  return out;
}

/** A persona that can sign in. */
export type Reader = Exclude<Persona, 'inactive'>;

/** Where each persona reads unit records ("posts in scope"): its post's unit; null for ADMIN, ANALYST and the retired official. */
export const READS_AT: Record<Reader, UnitKey | null> = {
  adminC1: null, adminD1: null, adminD2: null, adminC2: null, analystC1: null, retired: null,
  officeD1: 'D1', officeD2: 'D2', officeS1: 'S1', officeS2: 'S2', secretaryS1: 'S1', secretaryM1: 'M1',
  disciplineC1: 'C1', disciplineC2: 'C2', disciplineD1: 'D1', disciplineM1: 'M1', teamM1: 'M1', teamM2: 'M2',
  secretaryG1: 'G1', informantG2: 'G2',
};

/** Does the persona read records of this unit? */
export const reads = (persona: Reader, unit: UnitKey): boolean => {
  const at = READS_AT[persona];
  return at !== null && lineage(unit).includes(at);
};
