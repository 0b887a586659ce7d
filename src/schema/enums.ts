// Enums of the schema: English values, Chinese descriptions (domain.md section 2).
import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';

export enum UnitLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  STREET = 'STREET',
  COMMUNITY = 'COMMUNITY',
  GRID = 'GRID',
}

/** Tier order: a unit's parent is always exactly one tier above it. */
export const LEVEL_ORDER: readonly UnitLevel[] = [
  UnitLevel.CITY,
  UnitLevel.DISTRICT,
  UnitLevel.STREET,
  UnitLevel.COMMUNITY,
  UnitLevel.GRID,
];

registerEnumType(UnitLevel, {
  name: 'UnitLevel',
  description: '组织层级 The tier of an organisation unit',
  valuesConfig: {
    CITY: { description: '市' },
    DISTRICT: { description: '区(县)' },
    STREET: { description: '街道(乡镇)' },
    COMMUNITY: { description: '社区(村)' },
    GRID: { description: '网格' },
  },
});

export enum PostRole {
  SECRETARY = 'SECRETARY',
  TEAM_MEMBER = 'TEAM_MEMBER',
  DISCIPLINE = 'DISCIPLINE',
  OFFICE = 'OFFICE',
  INSPECTOR = 'INSPECTOR',
  INFORMANT = 'INFORMANT',
  ANALYST = 'ANALYST',
  ADMIN = 'ADMIN',
}

registerEnumType(PostRole, {
  name: 'PostRole',
  description: '岗位角色 The role a post gives its holder',
  valuesConfig: {
    SECRETARY: { description: '党委(党组)书记, 主要负责人, 第一责任人' },
    TEAM_MEMBER: { description: '班子成员, 一岗双责, 分管领域' },
    DISCIPLINE: { description: '纪委(纪检组/纪工委), 监督责任' },
    OFFICE: { description: '党委办公室 / 党建办 / 巡察办' },
    INSPECTOR: { description: '巡察组成员' },
    INFORMANT: { description: '监察信息员' },
    ANALYST: { description: '分析员 (只看汇总数据)' },
    ADMIN: { description: '系统管理员 (账号与组织树, 不看敏感记录)' },
  },
});

export enum ResponsibilitySubject {
  PARTY_COMMITTEE = 'PARTY_COMMITTEE',
  PRINCIPAL = 'PRINCIPAL',
  TEAM_MEMBER = 'TEAM_MEMBER',
  DISCIPLINE_COMMISSION = 'DISCIPLINE_COMMISSION',
}

registerEnumType(ResponsibilitySubject, {
  name: 'ResponsibilitySubject',
  description: '责任主体 The four subjects of the "4+1" lists',
  valuesConfig: {
    PARTY_COMMITTEE: { description: '党委(党组) 主体责任' },
    PRINCIPAL: { description: '主要负责人 第一责任人' },
    TEAM_MEMBER: { description: '班子成员 一岗双责' },
    DISCIPLINE_COMMISSION: { description: '纪委(纪检组) 监督责任' },
  },
});

export enum LetterIssuer {
  SECRETARY = 'SECRETARY',
  COMMITTEE = 'COMMITTEE',
}

registerEnumType(LetterIssuer, {
  name: 'LetterIssuer',
  description: '责任书的签发方',
  valuesConfig: { SECRETARY: { description: '书记签发' }, COMMITTEE: { description: '党委(党组)签发' } },
});

export enum LetterStatus {
  NOT_ISSUED = 'NOT_ISSUED',
  UNSIGNED = 'UNSIGNED',
  SIGNED = 'SIGNED',
}

registerEnumType(LetterStatus, {
  name: 'LetterStatus',
  description: '责任书状态',
  valuesConfig: { NOT_ISSUED: { description: '未签发' }, UNSIGNED: { description: '已签发, 未签字' }, SIGNED: { description: '已签字' } },
});

export enum Visibility {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
}

registerEnumType(Visibility, {
  name: 'Visibility',
  description: '公开范围',
  valuesConfig: {
    PUBLIC: { description: '公开: 所有登录用户可看内容、目标和进展' },
    INTERNAL: { description: '内部: 仅本单位及上级' },
  },
});

export enum Light {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}

registerEnumType(Light, {
  name: 'Light',
  description: '亮灯',
  valuesConfig: { GREEN: { description: '绿灯 按计划推进' }, YELLOW: { description: '黄灯 时间节点临近未完成' }, RED: { description: '红灯 时间节点已过未完成' } },
});

export enum TaskStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  CLOSURE_REQUESTED = 'CLOSURE_REQUESTED',
  CLOSED = 'CLOSED',
}

registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: '任务状态',
  valuesConfig: { IN_PROGRESS: { description: '推进中' }, CLOSURE_REQUESTED: { description: '已申请销号' }, CLOSED: { description: '已销号' } },
});

export enum ClosureDecision {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  RETURNED = 'RETURNED',
}

registerEnumType(ClosureDecision, {
  name: 'ClosureDecision',
  description: '销号申请的处理结果',
  valuesConfig: { PENDING: { description: '待确认' }, CONFIRMED: { description: '已确认销号' }, RETURNED: { description: '已退回' } },
});

export enum ChainRole {
  PRINCIPAL = 'PRINCIPAL',
  TEAM_MEMBER_IN_CHARGE = 'TEAM_MEMBER_IN_CHARGE',
  DISCIPLINE_HEAD = 'DISCIPLINE_HEAD',
}

registerEnumType(ChainRole, {
  name: 'ChainRole',
  description: '责任链上的角色',
  valuesConfig: {
    PRINCIPAL: { description: '主要负责人 (书记)' },
    TEAM_MEMBER_IN_CHARGE: { description: '分管该领域的班子成员' },
    DISCIPLINE_HEAD: { description: '纪检负责人' },
  },
});

export enum TaskSort {
  NEXT_DUE = 'NEXT_DUE',
  DUE_ON = 'DUE_ON',
  NEWEST = 'NEWEST',
  TITLE = 'TITLE',
}

registerEnumType(TaskSort, {
  name: 'TaskSort',
  description: '任务排序',
  valuesConfig: {
    NEXT_DUE: { description: 'Earliest open milestone first (most urgent first)' },
    DUE_ON: { description: 'Final due date, earliest first' },
    NEWEST: { description: 'Most recently created first' },
    TITLE: { description: 'By title' },
  },
});
