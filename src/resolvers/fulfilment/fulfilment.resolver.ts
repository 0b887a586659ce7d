import { Max, Min } from 'class-validator';
import { ArgsType, Args, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import {
  AccountabilityRecord, Assessment, Interview, Notice, Official, Post, Report, ResponsibilityLetter, Task, TaskRating,
} from '../../entities';
import { fulfilmentService, type FulfilmentData } from './fulfilment.service';

@ArgsType()
class FulfilmentArgs {
  @Field(() => Int, { description: 'The year of the record' })
  @Min(2000)
  @Max(2100)
  year!: number;
}

@ObjectType({
  description: '履行主体责任记实 An official\'s fulfilment record of a year, across every post held in it; each section lists what that record\'s own rule lets you read',
})
export class Fulfilment {
  @Field(() => Official, { description: 'The official whose record it is' })
  official!: Official;

  @Field(() => Int, { description: 'The year of the record' })
  year!: number;
}

@Resolver(() => Official)
export class OfficialFulfilmentResolver {
  @FieldResolver(() => Fulfilment, {
    nullable: true,
    description: '履行主体责任记实 of a year: read as the integrity file (the official; SECRETARY and DISCIPLINE whose scope holds the official; readers of one of their records); null otherwise',
  })
  fulfilment(@Root() official: Official, @Ctx() ctx: Context, @Args() { year }: FulfilmentArgs) {
    return fulfilmentService.get(ctx, official, year);
  }
}

@Resolver(() => Fulfilment)
export class FulfilmentResolver {
  @FieldResolver(() => [Post], { description: 'The posts held at some time in the year, by first day' })
  posts(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.posts(ctx, f);
  }

  @FieldResolver(() => [Task], { description: '重点任务 of the year led from one of the posts (progress, late entries and light on each)' })
  tasksLed(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.tasksLed(ctx, f);
  }

  @FieldResolver(() => [Notice], { description: '告知书 issued in the year to one of the posts; the state is the outcome' })
  noticesReceived(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.noticesReceived(ctx, f);
  }

  @FieldResolver(() => [TaskRating], { description: '季度亮灯 of the year on the tasks led, by quarter' })
  ratings(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.ratings(ctx, f);
  }

  @FieldResolver(() => [ResponsibilityLetter], { description: '责任书 of the year addressed to one of the posts or signed by the official' })
  letters(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.letters(ctx, f);
  }

  @FieldResolver(() => [Report], { description: '述责述廉 reports on the year (written, and oral ones of their own) given from one of the posts, with their questions' })
  reports(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.reports(ctx, f, false);
  }

  @FieldResolver(() => [Report], { description: 'Parts at hearings (述责述廉 会议) on the year, with questions, answers and evaluation' })
  hearingParts(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.reports(ctx, f, true);
  }

  @FieldResolver(() => [Interview], { description: '约谈 held in the year with the official among the interviewees' })
  interviews(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.interviews(ctx, f);
  }

  @FieldResolver(() => [AccountabilityRecord], { description: '问责 decided in the year: every revision, newest decision first' })
  accountabilityRecords(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.accountabilityRecords(ctx, f);
  }

  @FieldResolver(() => [Assessment], { description: '考核 of the year of the units where the official was principal (SECRETARY)' })
  assessments(@Root() f: FulfilmentData, @Ctx() ctx: Context) {
    return fulfilmentService.assessments(ctx, f);
  }
}
