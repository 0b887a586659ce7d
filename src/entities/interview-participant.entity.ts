// An official interviewed in an interview.
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Interview } from './interview.entity';
import { Official } from './official.entity';

@Entity('interview_participant')
@Index('IDX_interview_participant_official', ['officialId'])
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
}
