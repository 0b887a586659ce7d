import { MaxLength, MinLength } from 'class-validator';
import { Args, ArgsType, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Official } from '../../entities';
import { authService } from './auth.service';

@ObjectType({ description: 'A signed-in session' })
class LoginPayload {
  @Field({ description: 'Send as Authorization: Bearer <token>' })
  token!: string;

  @Field({ description: 'When the token stops working (server time)' })
  expiresAt!: Date;

  @Field(() => Official, { description: 'The signed-in official' })
  official!: Official;
}

@ArgsType()
class LoginArgs {
  @Field({ description: '用户名 (case-insensitive)' })
  @MaxLength(60)
  username!: string;

  @Field({ description: '密码' })
  @MaxLength(200)
  password!: string;
}

@ArgsType()
class ChangePasswordArgs {
  @Field({ description: 'The password in use now' })
  @MaxLength(200)
  currentPassword!: string;

  @Field({ description: 'At least 10 characters' })
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginPayload, { description: 'Sign in; wrong username or password both give UNAUTHENTICATED' })
  login(@Ctx() ctx: Context, @Args() { username, password }: LoginArgs) {
    return authService.login(ctx, username, password);
  }

  @Mutation(() => Boolean, { description: 'Change your own password' })
  changePassword(@Ctx() ctx: Context, @Args() { currentPassword, newPassword }: ChangePasswordArgs) {
    return authService.changePassword(ctx, currentPassword, newPassword);
  }
}
