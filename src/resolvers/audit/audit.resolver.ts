import { GraphQLJSONObject } from 'graphql-scalars';
import { Args, Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AuditEntry, Official, SensitiveRead } from '../../entities';
import { encodeId } from '../../schema/node';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { AuditFilter, SensitiveReadFilter } from './audit.inputs';
import { auditService } from './audit.service';

const AuditEntryConnection = ConnectionType(AuditEntry);
const SensitiveReadConnection = ConnectionType(SensitiveRead);

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: '审计日志, newest first (ADMIN: their subtree; DISCIPLINE of a city: the city)' })
  auditLog(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Every entry you may read when omitted' }) filter?: AuditFilter,
  ) {
    return auditService.list(ctx, filter, page);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'Who made the change' })
  actor(@Root() entry: AuditEntry, @Ctx() ctx: Context) {
    return entry.actorOfficialId ? ctx.loaders.officialById.load(entry.actorOfficialId) : null;
  }

  @FieldResolver(() => ID, { description: 'Global id of the changed record' })
  recordId(@Root() entry: AuditEntry): string {
    return encodeId(entry.recordType as never, entry.recordId);
  }

  @FieldResolver(() => GraphQLJSONObject, { nullable: true, description: 'The record before the change (secrets never included)' })
  before(@Root() entry: AuditEntry): object | null {
    return entry.before ? JSON.parse(entry.before) : null;
  }

  @FieldResolver(() => GraphQLJSONObject, { nullable: true, description: 'The record after the change' })
  after(@Root() entry: AuditEntry): object | null {
    return entry.after ? JSON.parse(entry.after) : null;
  }

  @FieldResolver(() => String, { description: 'Path of the unit the record belonged to at the time' })
  unitPath(@Root() entry: AuditEntry): string {
    return entry.unitPath;
  }
}

@Resolver(() => SensitiveRead)
export class SensitiveReadResolver {
  @Query(() => SensitiveReadConnection, {
    description: '敏感信息查阅记录: who read a lead, a case, an accountability reason, a phone or ID number, newest first (DISCIPLINE of a city: the city)',
  })
  sensitiveReads(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => SensitiveReadFilter, { nullable: true, description: 'Every read you may see when omitted' }) filter?: SensitiveReadFilter,
  ) {
    return auditService.sensitiveReads(ctx, filter, page);
  }

  @FieldResolver(() => Official, { description: 'Who read it' })
  reader(@Root() read: SensitiveRead, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(read.readerOfficialId);
  }

  @FieldResolver(() => [ID], { description: 'Global ids of the records read' })
  recordIds(@Root() read: SensitiveRead): string[] {
    return read.recordIds.split(',').filter(Boolean).map((id) => encodeId(read.recordType as never, Number(id)));
  }
}
