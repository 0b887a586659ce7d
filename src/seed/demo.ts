// Demo data for the embedded database: one city (江城市), three districts, two streets
// each, two communities each, a grid, and officials with accounts for every role at
// every tier. Usernames follow the unit codes: city, d1, d1s2, d1s2c1, ... + "." + role.
import type { DataSource } from 'typeorm';
import { config } from '../config';
import { OrgUnit } from '../entities';
import { logger } from '../logger';
import { PostRole, UnitLevel } from '../schema/enums';
import { SeedBuilder } from './builder';

export const DEMO_PASSWORD = 'zeren-demo-2026';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['建国', '海燕', '志强', '秀英', '伟', '芳', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂英', '文', '华', '红', '玉兰', '鹏', '辉', '丽', '晶'];

const TEAM_DOMAINS = [['EDUCATION', 'HEALTH'], ['AGRICULTURE', 'TRANSPORT'], ['CONSTRUCTION_BIDDING', 'WORK_SAFETY'], ['ECOLOGY', 'CIVIL_AFFAIRS', 'FINANCE']];

const TIER_TITLES: Record<UnitLevel, Partial<Record<PostRole, string>>> = {
  CITY: { SECRETARY: '市委书记', TEAM_MEMBER: '市委常委', DISCIPLINE: '市纪委书记', OFFICE: '市委办公室主任', ADMIN: '系统管理员', ANALYST: '数据分析员', INSPECTOR: '市委巡察组组长' },
  DISTRICT: { SECRETARY: '区委书记', TEAM_MEMBER: '区委常委', DISCIPLINE: '区纪委书记', OFFICE: '区委办主任', ADMIN: '区系统管理员', INSPECTOR: '区委巡察组组员' },
  STREET: { SECRETARY: '街道党工委书记', TEAM_MEMBER: '街道党工委委员', DISCIPLINE: '街道纪工委书记', OFFICE: '党建办主任' },
  COMMUNITY: { SECRETARY: '社区党委书记', TEAM_MEMBER: '社区党委委员', DISCIPLINE: '社区纪检委员', OFFICE: '社区党务专干', INFORMANT: '监察信息员' },
  GRID: { SECRETARY: '网格党支部书记' },
};

export interface DemoAccount { username: string; name: string; role: PostRole; unit: string }

export async function seedDemo(db: DataSource): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  let n = 0;
  const nextName = (): string => {
    const name = SURNAMES[(n * 7) % SURNAMES.length] + GIVEN[(n * 11) % GIVEN.length];
    n += 1;
    return name;
  };
  await db.transaction(async (em) => {
    const b = new SeedBuilder(em, config.auth.scryptLogN);
    const staff = async (unit: OrgUnit, code: string, roles: PostRole[]): Promise<void> => {
      let team = 0;
      for (const role of roles) {
        const name = nextName();
        const official = await b.official(unit, name, TIER_TITLES[unit.level][role] ?? role, {
          phone: `1380000${String(n).padStart(4, '0')}`, idNumber: `4201062000010${String(n).padStart(4, '0')}1`,
        });
        const domains = role === PostRole.TEAM_MEMBER ? TEAM_DOMAINS[team++ % TEAM_DOMAINS.length] : undefined;
        await b.post(official, unit, role, { since: '2024-01-01', domains });
        const suffix = role === PostRole.TEAM_MEMBER ? `team${team}` : role.toLowerCase();
        const username = `${code}.${suffix}`;
        await b.account(official, username, DEMO_PASSWORD);
        accounts.push({ username, name, role, unit: unit.name });
      }
    };
    const core = [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE];
    const city = await b.unit(null, '江城市', UnitLevel.CITY);
    await staff(city, 'city', [...core, PostRole.TEAM_MEMBER, PostRole.ADMIN, PostRole.ANALYST, PostRole.INSPECTOR]);
    const districts = ['东湖区', '西岭区', '南湾区'];
    for (const [di, dname] of districts.entries()) {
      const district = await b.unit(city, dname, UnitLevel.DISTRICT);
      const dcode = `d${di + 1}`;
      await staff(district, dcode, [...core, PostRole.ADMIN, PostRole.INSPECTOR]);
      for (let si = 0; si < 2; si++) {
        const street = await b.unit(district, `${dname.slice(0, 2)}${['中山', '解放'][si]}街道`, UnitLevel.STREET);
        const scode = `${dcode}s${si + 1}`;
        await staff(street, scode, core);
        for (let ci = 0; ci < 2; ci++) {
          const community = await b.unit(street, `${street.name.slice(2, 4)}${['花园', '新村'][ci]}社区`, UnitLevel.COMMUNITY);
          const ccode = `${scode}c${ci + 1}`;
          await staff(community, ccode, [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE, PostRole.INFORMANT]);
          if (di === 0 && si === 0 && ci === 0) {
            const grid = await b.unit(community, `${community.name}第一网格`, UnitLevel.GRID);
            await staff(grid, `${ccode}g1`, [PostRole.SECRETARY]);
          }
        }
      }
    }
    // Someone who moved on: an ended post stays in the history.
    const retired = await b.official(city, nextName(), '原市委常委');
    await b.post(retired, city, PostRole.TEAM_MEMBER, { since: '2019-01-01', until: '2023-12-31', domains: ['EDUCATION'] });
  });
  return accounts;
}

/** Seeds once, when the database has no units; prints the demo sign-ins. */
export async function seedDemoIfEmpty(db: DataSource, options: { print: boolean }): Promise<boolean> {
  if ((await db.getRepository(OrgUnit).count()) > 0) return false;
  const accounts = await seedDemo(db);
  logger.info({ accounts: accounts.length }, 'demo data loaded');
  if (options.print) {
    const show = accounts.filter((a) => /^(city|d1|d1s1|d1s1c1)\./.test(a.username));
    process.stdout.write(
      `\nDemo data loaded: ${accounts.length} accounts, all with the password "${DEMO_PASSWORD}".\n` +
      'Usernames are <unit code>.<role>: city, d1..d3 (districts), d1s1 (street), d1s1c1 (community), d1s1c1g1 (grid);\n' +
      'roles: secretary, team1, team2, discipline, office, admin, analyst, inspector, informant. For example:\n' +
      show.map((a) => `  ${a.username.padEnd(22)} ${a.role.padEnd(12)} ${a.name}  ${a.unit}`).join('\n') + '\n\n',
    );
  }
  return true;
}
