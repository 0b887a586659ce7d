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
