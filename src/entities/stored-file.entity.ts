// An uploaded file (佐证文件): its bytes are kept once by their SHA-256 (src/files.ts),
// immutable; this row is one upload of them, by one official. A file attached to
// nothing expires (ZEREN_FILE_UNATTACHED_HOURS).
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../schema/node';

@Entity('stored_file')
@Index('IDX_stored_file_sha256', ['sha256'])
@Index('IDX_stored_file_unattached', ['attachedAt', 'createdAt'])
@ObjectType({ implements: Node, description: '佐证文件 An uploaded file (a photo of a rectified site, a scanned document)' })
export class StoredFile extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Field({ description: 'SHA-256 of the content, hex: the file\'s identity in the store' })
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Field(() => Int, { description: 'Size in bytes' })
  @Column({ type: 'int' })
  size!: number;

  @Field({ description: 'The type found in the content (image/jpeg, image/png, image/webp, application/pdf), never the name\'s' })
  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Field({ description: 'The name it was uploaded with' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'int' })
  uploadedByOfficialId!: number;

  @Field({ description: 'Server time of the upload' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  /** When it was first attached to a record; null while attached to nothing (it then expires). */
  @Column({ type: 'datetime', nullable: true })
  attachedAt!: Date | null;

  @Field({ description: 'GET this path with your bearer token to download it (the rules of the record it is attached to apply)' })
  get downloadUrl(): string {
    return `/files/${this.globalId}`;
  }
}
