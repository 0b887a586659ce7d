// 抄送: posts a notice is copied to (they may read it).
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Notice } from './notice.entity';
import { Post } from './post.entity';

@Entity('notice_cc')
@Index('IDX_notice_cc_post', ['postId'])
export class NoticeCc {
  @PrimaryColumn({ type: 'int' })
  noticeId!: number;

  @ManyToOne(() => Notice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'noticeId', foreignKeyConstraintName: 'FK_notice_cc_notice' })
  notice?: Relation<Notice>;

  @PrimaryColumn({ type: 'int' })
  postId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'postId', foreignKeyConstraintName: 'FK_notice_cc_post' })
  post?: Relation<Post>;
}
