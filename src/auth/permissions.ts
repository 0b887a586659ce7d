// The one access policy: a graphql-shield map, default deny. Every root field and
// every field of every type is listed; what is not listed is refused with FORBIDDEN.
// Row scope (which records exist for a viewer) lives in the services via scope.ts.
import { allow, deny, shield } from 'graphql-shield';
import { AppError } from '../errors';
import { canReadAccount, canReadAuditLog, canReadContactDetails, isAdmin, isSignedIn } from './rules';

export const RULES = {
  Query: {
    viewer: isSignedIn,
    node: isSignedIn,
    orgUnit: isSignedIn,
    orgUnits: isSignedIn,
    official: isSignedIn,
    officials: isSignedIn,
    domains: isSignedIn,
    auditLog: canReadAuditLog,
  },
  Mutation: {
    login: allow,
    changePassword: isSignedIn,
    createOrgUnit: isAdmin,
    renameOrgUnit: isAdmin,
    moveOrgUnit: isAdmin,
    createOfficial: isAdmin,
    createPost: isAdmin,
    endPost: isAdmin,
    createAccount: isAdmin,
    setAccountActive: isAdmin,
  },
  OrgUnit: { '*': allow },
  Domain: { '*': allow },
  Official: { '*': allow, phone: canReadContactDetails, idNumber: canReadContactDetails, account: canReadAccount },
  Post: { '*': allow },
  // Reached only through guarded fields and scoped services.
  Account: { '*': allow },
  AuditEntry: { '*': allow },
  LoginPayload: { '*': allow },
  PageInfo: { '*': allow },
  OrgUnitConnection: { '*': allow },
  OrgUnitEdge: { '*': allow },
  OfficialConnection: { '*': allow },
  OfficialEdge: { '*': allow },
  AuditEntryConnection: { '*': allow },
  AuditEntryEdge: { '*': allow },
};

export const permissions = shield(RULES, {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: () => new AppError('FORBIDDEN', 'Not allowed for your posts'),
});
