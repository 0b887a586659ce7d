// 敏感信息查阅记录: one request's reads of one sensitive field (a lead's content or
// concerned official, a case, an accountability reason, a phone or ID number), with the
// ids read. Written before the answer leaves (src/sensitive-reads.ts); never updated.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../schema/node';

@Entity('sensitive_read')
@Index('IDX_sensitive_read_city_at', ['cityId', 'at'])
@Index('IDX_sensitive_read_city_reader', ['cityId', 'readerOfficialId', 'at'])
@ObjectType({ implements: Node, description: '敏感信息查阅记录 One request\'s reads of one sensitive field: who, what, when, by which operation' })
export class SensitiveRead extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The city of the records read (the entries are the city DISCIPLINE's to read). */
  @Column({ type: 'int' })
  cityId!: number;

  @Field({ description: 'Server time of the read' })
  @Column({ type: 'datetime' })
  at!: Date;

  /** Read through the officialById loader. */
  @Column({ type: 'int' })
  readerOfficialId!: number;

  @Field({ description: 'The GraphQL operation that read it (its name, or "anonymous"), or "export"' })
  @Column({ type: 'varchar', length: 60 })
  operation!: string;

  @Field({ description: 'The type of the records read, e.g. Official, Lead, DisciplinaryCase, AccountabilityRecord' })
  @Column({ type: 'varchar', length: 40 })
  recordType!: string;

  @Field({ description: 'The field read, e.g. phone, idNumber, content, concernedOfficial, reason; "*" for a case' })
  @Column({ type: 'varchar', length: 40 })
  field!: string;

  /** ",12,57," (leading and trailing commas, so one id is found with LIKE '%,12,%'). */
  @Column({ type: 'text' })
  recordIds!: string;

  @Field(() => Int, { description: 'How many records were read' })
  @Column({ type: 'int' })
  readCount!: number;
}
