// An official interviewed in an interview.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Assessment } from './assessment.entity';
import { Interview } from './interview.entity';
import { Official } from './official.entity';

@Entity('interview_participant')
@Index('IDX_interview_participant_official', ['officialId'])
@Index('IDX_interview_participant_assessment', ['assessmentId'])
export class InterviewParticipant {
  @PrimaryColumn({ type: 'int' })
  interviewId!: number;

  @ManyToOne(() => Interview, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'interviewId', foreignKeyConstraintName: 'FK_interview_participant_interview' })
  interview?: Relation<Interview>;

  @PrimaryColumn({ type: 'int' })
  officialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officialId', foreignKeyConstraintName: 'FK_interview_participant_official' })
  official?: Relation<Official>;

  /** The assessment that brought this official to the interview (考核排名靠后), if any. */
  @Column({ type: 'int', nullable: true })
  assessmentId!: number | null;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessmentId', foreignKeyConstraintName: 'FK_interview_participant_assessment' })
  assessment?: Relation<Assessment>;
}
