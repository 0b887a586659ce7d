// A question put to the reporter at an oral report, and the answer.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Report } from './report.entity';

@Entity('report_question')
@Index('IDX_report_question_report', ['reportId'])
@ObjectType({ implements: Node, description: '询问质询 A question asked on a report, and its answer' })
export class ReportQuestion extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  reportId!: number;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reportId', foreignKeyConstraintName: 'FK_report_question_report' })
  report?: Relation<Report>;

  @Column({ type: 'int' })
  askedByOfficialId!: number;

  @Field({ description: '询问质询 The question' })
  @Column({ type: 'text' })
  question!: string;

  @Field(() => String, { nullable: true, description: 'The reporter\'s answer; null until answered' })
  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  @Field({ description: 'When it was asked (server time)' })
  @Column({ type: 'datetime' })
  askedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was answered (server time); null until then' })
  @Column({ type: 'datetime', nullable: true })
  answeredAt!: Date | null;
}
