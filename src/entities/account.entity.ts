// A sign-in account of one official. The password hash has a column but no field:
// it never reaches GraphQL.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Official } from './official.entity';

@Entity('account')
@ObjectType({ implements: Node, description: '账号 A sign-in account' })
export class Account extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_account_official', { unique: true })
  @Column({ type: 'int' })
  officialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officialId', foreignKeyConstraintName: 'FK_account_official' })
  official?: Relation<Official>;

  @Field({ description: '用户名 The sign-in name: 3-60 lower-case letters, digits, dot, dash or underscore' })
  @Index('IDX_account_username', { unique: true })
  @Column({ type: 'varchar', length: 60 })
  username!: string;

  /** scrypt$logN$r$p$salt$hash (see auth/password.ts). */
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Field({ description: 'False once an ADMIN deactivated the account: it cannot sign in' })
  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'int' })
  failedLogins!: number;

  /** Copied into each token at sign-in; bumped to end every session at once (password, (de)activation, sign-out everywhere). */
  @Column({ type: 'int', default: 0 })
  sessionVersion!: number;

  @Field(() => Date, { nullable: true, description: 'Set after repeated failed sign-ins' })
  @Column({ type: 'datetime', nullable: true })
  lockedUntil!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Last successful sign-in (server time); null if never' })
  @Column({ type: 'datetime', nullable: true })
  lastLoginAt!: Date | null;

  @Field({ description: 'When the account was created (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}

/** The update that ends every session of an account (its tokens carry the old version). */
export const END_SESSIONS = { sessionVersion: () => 'sessionVersion + 1' } as const;
