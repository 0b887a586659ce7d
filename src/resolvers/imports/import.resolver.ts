import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { today } from '../../clock';
import type { Context } from '../../context';
import { AccountabilityRecord, Assessment, ImportBatch, ImportIssue, Official, OrgUnit, Problem, Task } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { ImportBatchFilter, ValidateImportInput } from './import.inputs';
import { importService } from './import.service';

const ImportBatchConnection = ConnectionType(ImportBatch);

@ObjectType({ description: '来源: where an imported record came from (the live door leaves it null)' })
export class ImportProvenance {
  @Field(() => ImportBatch, { description: 'The import batch: its file, importer and time' })
  batch!: ImportBatch;

  @Field(() => Int, { description: 'The row of the file it came from (the header is row 1)' })
  row!: number;
}

@Resolver(() => ImportBatch)
export class ImportBatchResolver {
  @Query(() => ImportBatchConnection, { description: '导入批次: the import batches of your city (ADMIN of a city), newest first' })
  importBatches(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => ImportBatchFilter, { nullable: true, description: 'Every batch of your city when omitted' }) filter?: ImportBatchFilter,
  ) {
    return importService.list(ctx, filter, page);
  }

  @Mutation(() => ImportBatch, {
    description: '导入校验 (dry run), ADMIN of a city: reads your uploaded file and checks every row (references within your city only); writes the batch and its report, no record',
  })
  validateImport(@Ctx() ctx: Context, @Arg('input', () => ValidateImportInput, { description: 'The file and its kind' }) input: ValidateImportInput) {
    return importService.validate(ctx, input);
  }

  @Mutation(() => ImportBatch, {
    description: '导入, ADMIN of the batch\'s city: writes a VALIDATED batch\'s rows in one transaction (checked again first: any issue writes nothing), each with its provenance, audited',
  })
  commitImport(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the VALIDATED batch' }) id: string) {
    return importService.commit(ctx, id);
  }

  @FieldResolver(() => OrgUnit, { description: 'The city it was imported into' })
  unit(@Root() batch: ImportBatch, @Ctx() ctx: Context) {
    // A city's unit id is its cityId.
    return ctx.loaders.unitById.load(batch.cityId);
  }

  @FieldResolver(() => String, { description: 'The name the file was uploaded with' })
  file(@Root() batch: ImportBatch): string {
    return batch.fileName;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the rows were imported (server time); null before' })
  at(@Root() batch: ImportBatch): Date | null {
    return batch.importedAt;
  }

  @FieldResolver(() => Int, { description: 'Data rows in the file (the header not counted; empty rows skipped)' })
  rows(@Root() batch: ImportBatch): number {
    return batch.rowCount;
  }

  @FieldResolver(() => Int, { description: 'Records written (0 before the import)' })
  imported(@Root() batch: ImportBatch): number {
    return batch.importedCount;
  }

  @FieldResolver(() => Official, { description: 'The ADMIN who validated and imported it' })
  importer(@Root() batch: ImportBatch, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(batch.importedByOfficialId);
  }

  @FieldResolver(() => [ImportIssue], { description: 'The dry run\'s report, in row order (the first 1000; issueCount counts all); empty when it passed' })
  issues(@Root() batch: ImportBatch): ImportIssue[] {
    return importService.issues(batch);
  }
}

/** An imported record's provenance, through the per-request batch loader. */
async function provenanceOf(ctx: Context, record: { importBatchId: number | null; importRow: number | null }): Promise<ImportProvenance | null> {
  if (record.importBatchId === null) return null;
  const batch = await ctx.loaders.importBatchById.load(record.importBatchId);
  return batch ? { batch, row: record.importRow! } : null;
}

const PROVENANCE = '来源: the import batch and row it came from; null for a record entered live (server time)';

@Resolver(() => Problem)
export class ProblemProvenanceResolver {
  @FieldResolver(() => String, {
    description: '发现日期 (YYYY-MM-DD): the day it was recorded (server time, in ZEREN_TIME_ZONE), or for an imported problem the day its file gives; the portrait counts problems by it',
  })
  foundOn(@Root() problem: Problem): string {
    return problem.foundOn ?? today(problem.createdAt);
  }

  @FieldResolver(() => ImportProvenance, { nullable: true, description: PROVENANCE })
  provenance(@Root() record: Problem, @Ctx() ctx: Context) {
    return provenanceOf(ctx, record);
  }
}

@Resolver(() => AccountabilityRecord)
export class AccountabilityRecordProvenanceResolver {
  @FieldResolver(() => ImportProvenance, { nullable: true, description: PROVENANCE })
  provenance(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return provenanceOf(ctx, record);
  }
}

@Resolver(() => Assessment)
export class AssessmentProvenanceResolver {
  @FieldResolver(() => ImportProvenance, { nullable: true, description: PROVENANCE })
  provenance(@Root() record: Assessment, @Ctx() ctx: Context) {
    return provenanceOf(ctx, record);
  }
}

@Resolver(() => Task)
export class TaskProvenanceResolver {
  @FieldResolver(() => ImportProvenance, { nullable: true, description: PROVENANCE })
  provenance(@Root() record: Task, @Ctx() ctx: Context) {
    return provenanceOf(ctx, record);
  }
}
