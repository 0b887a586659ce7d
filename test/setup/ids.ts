import { encodeId } from '../../src/schema/node';
import type { Account, Official, OrgUnit } from '../../src/entities';

export const unitId = (u: OrgUnit): string => encodeId('OrgUnit', u.id);
export const officialId = (o: Official): string => encodeId('Official', o.id);
export const accountId = (a: Account): string => encodeId('Account', a.id);
