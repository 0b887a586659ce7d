// An uploaded file attached to a record (a notice, a rectification item, a case): the
// record's own read rule decides who downloads it.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('file_attachment')
@Index('IDX_file_attachment_record', ['recordType', 'recordId'])
@Index('IDX_file_attachment_file', ['fileId'])
export class FileAttachment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  fileId!: number;

  @Column({ type: 'varchar', length: 40 })
  recordType!: string;

  @Column({ type: 'int' })
  recordId!: number;

  @Column({ type: 'int' })
  attachedByOfficialId!: number;

  @Column({ type: 'datetime' })
  createdAt!: Date;
}
