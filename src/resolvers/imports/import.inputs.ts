import { Field, ID, InputType } from 'type-graphql';
import { ImportKind, ImportStatus } from '../../schema/enums';

@InputType({ description: '导入校验 (dry run): an uploaded CSV or XLSX file and what it holds' })
export class ValidateImportInput {
  @Field(() => ID, { description: 'Your upload: POST /files?purpose=import (a CSV in UTF-8 or an XLSX workbook, at most ZEREN_IMPORT_MAX_BYTES)' })
  fileId!: string;

  @Field(() => ImportKind, { description: 'What the file holds (one kind per file); its columns are listed in the README' })
  kind!: ImportKind;
}

@InputType({ description: 'Filters of import batches; all optional, combined with AND' })
export class ImportBatchFilter {
  @Field(() => ImportKind, { nullable: true, description: 'Only batches of this kind' })
  kind?: ImportKind;

  @Field(() => ImportStatus, { nullable: true, description: 'Only batches in this state' })
  status?: ImportStatus;
}
