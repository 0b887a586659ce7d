// 责任书: issued by a unit's SECRETARY (or its committee) to one of the unit's team
// members or to a direct subordinate unit, and signed by the other side.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { LetterIssuer } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

@Entity('responsibility_letter')
@Index('IDX_responsibility_letter_city_signer', ['cityId', 'signerUnitId'])
@Index('IDX_responsibility_letter_unit_year_signer', ['unitId', 'year', 'signerKey'], { unique: true })
@Index('IDX_responsibility_letter_signer_unit', ['signerUnitId', 'year'])
@Index('IDX_responsibility_letter_year_signer_post', ['year', 'signerPostId'])
@Index('IDX_responsibility_letter_signed_by', ['signedByOfficialId', 'year'])
@ObjectType({ implements: Node, description: '责任书 A responsibility letter' })
export class ResponsibilityLetter extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  /** The issuing unit. */
  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_responsibility_letter_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => Int, { description: '年度 The year the letter is for' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => LetterIssuer, { description: '签发方 Issued by the SECRETARY (issuerPost) or by the committee' })
  @Column({ type: 'varchar', length: 16 })
  issuedBy!: LetterIssuer;

  /** The SECRETARY post that issued it (null for a committee letter). */
  @Column({ type: 'int', nullable: true })
  issuerPostId!: number | null;

  /** The team member post that signs (null for a letter to a subordinate unit). */
  @Column({ type: 'int', nullable: true })
  signerPostId!: number | null;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signerPostId', foreignKeyConstraintName: 'FK_responsibility_letter_signer_post' })
  signerPost?: Relation<Post>;

  /** The signing unit: the subordinate unit, or the issuing unit itself for a team member. Scope follows it. */
  @Column({ type: 'int' })
  signerUnitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signerUnitId', foreignKeyConstraintName: 'FK_responsibility_letter_signer_unit' })
  signerUnit?: Relation<OrgUnit>;

  /** "P<postId>" or "U<unitId>": one letter per counterpart and year. */
  @Column({ type: 'varchar', length: 24 })
  signerKey!: string;

  @Field({ description: '责任内容' })
  @Column({ type: 'text' })
  content!: string;

  @Field({ description: 'Server time of issue' })
  @Column({ type: 'datetime' })
  issuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Server time of signature (null: not signed yet)' })
  @Column({ type: 'datetime', nullable: true })
  signedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  signedByOfficialId!: number | null;
}
