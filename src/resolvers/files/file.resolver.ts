// Files on notices, rectification items and cases: attach your uploads, list them.
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DisciplinaryCase, Notice, RectificationItem, StoredFile } from '../../entities';
import { attachmentService } from './attachment.service';

@Resolver()
export class FileResolver {
  @Mutation(() => [StoredFile], {
    description: 'Attach files you uploaded (POST /files) to a notice (its recipient: the rectification report), a rectification item (its owner or the unit\'s SECRETARY) or a case (DISCIPLINE investigating it); answers all its files',
  })
  attachFiles(
    @Ctx() ctx: Context,
    @Arg('recordId', () => ID, { description: 'The notice, rectification item or case' }) recordId: string,
    @Arg('fileIds', () => [ID], { description: 'Ids of your uploads' }) fileIds: string[],
  ) {
    return attachmentService.attach(ctx, recordId, fileIds);
  }
}

@Resolver(() => Notice)
export class NoticeFilesResolver {
  @FieldResolver(() => [StoredFile], { description: 'Files of the rectification report (整改佐证), oldest first' })
  files(@Root() notice: Notice, @Ctx() ctx: Context) {
    return attachmentService.filesOf(ctx, 'Notice', notice);
  }
}

@Resolver(() => RectificationItem)
export class RectificationItemFilesResolver {
  @FieldResolver(() => [StoredFile], { description: 'Files showing the rectification (整改佐证), oldest first' })
  files(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return attachmentService.filesOf(ctx, 'RectificationItem', item);
  }
}

@Resolver(() => DisciplinaryCase)
export class CaseFilesResolver {
  @FieldResolver(() => [StoredFile], { description: '案卷: the case\'s files, oldest first (DISCIPLINE investigating it only)' })
  files(@Root() found: DisciplinaryCase, @Ctx() ctx: Context) {
    return attachmentService.filesOf(ctx, 'DisciplinaryCase', found);
  }
}
