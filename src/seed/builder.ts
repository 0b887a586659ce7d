// Direct inserts for demo data and test fixtures (not user actions: no audit entries).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password';
import { Account, Domain, Official, OrgUnit, Post, PostDomain } from '../entities';
import { PostRole, UnitLevel } from '../schema/enums';

export class SeedBuilder {
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly at = new Date();

  constructor(private readonly em: EntityManager, private readonly scryptLogN: number) {}

  async unit(parent: OrgUnit | null, name: string, level: UnitLevel): Promise<OrgUnit> {
    const { identifiers } = await this.em.insert(OrgUnit, {
      cityId: parent?.cityId ?? 0, parentId: parent?.id ?? null, name, level, path: `pending-${randomUUID()}`,
      createdAt: this.at, updatedAt: this.at,
    });
    const id = Number(identifiers[0].id);
    await this.em.update(OrgUnit, { id }, { path: `${parent?.path ?? '/'}${id}/`, cityId: parent?.cityId ?? id });
    return this.em.findOneByOrFail(OrgUnit, { id });
  }

  async official(unit: OrgUnit, name: string, title: string, contact: { phone?: string; idNumber?: string } = {}): Promise<Official> {
    const { identifiers } = await this.em.insert(Official, {
      cityId: unit.cityId, unitId: unit.id, name, title, phone: contact.phone ?? null, idNumber: contact.idNumber ?? null, createdAt: this.at,
    });
    return this.em.findOneByOrFail(Official, { id: Number(identifiers[0].id) });
  }

  async post(
    official: Official, unit: OrgUnit, role: PostRole,
    options: { since?: string; until?: string | null; domains?: string[] } = {},
  ): Promise<Post> {
    const { identifiers } = await this.em.insert(Post, {
      cityId: unit.cityId, officialId: official.id, unitId: unit.id, role,
      since: options.since ?? '2024-01-01', until: options.until ?? null,
    });
    const postId = Number(identifiers[0].id);
    if (options.domains?.length) {
      const domains = await this.em.getRepository(Domain).createQueryBuilder('d')
        .where('d.code IN (:...codes)', { codes: options.domains }).getMany();
      await this.em.insert(PostDomain, domains.map((d) => ({ postId, domainId: d.id })));
    }
    return this.em.findOneByOrFail(Post, { id: postId });
  }

  /** Accounts sharing a password share one hash computation (seeding many is fast). */
  async account(official: Official, username: string, password: string, extra: Partial<Account> = {}): Promise<Account> {
    if (!this.hashes.has(password)) this.hashes.set(password, hashPassword(password, this.scryptLogN));
    const { identifiers } = await this.em.insert(Account, {
      officialId: official.id, username, passwordHash: await this.hashes.get(password)!, active: true,
      failedLogins: 0, lockedUntil: null, lastLoginAt: null, createdAt: this.at, ...extra,
    });
    return this.em.findOneByOrFail(Account, { id: Number(identifiers[0].id) });
  }
}
