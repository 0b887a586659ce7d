// Required references to directory records (domains, officials) given by global id in
// an input: a malformed id, an id of another type or no such record is NOT_FOUND
// naming the input field. Units have orgUnitService.require.
import type { Context } from '../../context';
import type { Domain, Official } from '../../entities';
import { AppError } from '../../errors';
import { decodeId } from '../../schema/node';

export async function requireDomain(ctx: Context, globalId: string, field = 'domainId'): Promise<Domain> {
  const ref = decodeId(globalId, 'Domain');
  const domain = ref && (await ctx.loaders.domainById.load(ref.id));
  if (!domain) throw new AppError('NOT_FOUND', `${field}: no such domain`, { field });
  return domain;
}

export async function requireOfficial(ctx: Context, globalId: string, field = 'officialId'): Promise<Official> {
  const ref = decodeId(globalId, 'Official');
  const official = ref && (await ctx.loaders.officialById.load(ref.id));
  if (!official) throw new AppError('NOT_FOUND', `${field}: no such official`, { field });
  return official;
}
