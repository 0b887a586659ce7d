// The domains (分管领域) of a post; read through the domainsByPostId loader.
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Domain } from './domain.entity';
import { Post } from './post.entity';

@Entity('post_domain')
export class PostDomain {
  @PrimaryColumn({ type: 'int' })
  @Index('IDX_post_domain_post')
  postId!: number;

  @PrimaryColumn({ type: 'int' })
  @Index('IDX_post_domain_domain')
  domainId!: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId', foreignKeyConstraintName: 'FK_post_domain_post' })
  post?: Relation<Post>;

  @ManyToOne(() => Domain, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'domainId', foreignKeyConstraintName: 'FK_post_domain_domain' })
  domain?: Relation<Domain>;
}
