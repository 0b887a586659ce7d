// The portable-SQL gate itself (test/setup/portable-sql.ts): what it refuses and what it lets
// through, so that a gate that let everything pass would fail here.
import { ruleBroken } from '../setup/portable-sql';

const TABLES = new Set(['task', 'org_unit', 'notice']);

describe('the portable-SQL rules', () => {
  it.each([
    ['SELECT * FROM task t WHERE t.id = ? LOCK IN SHARE MODE', 'a shared lock'],
    ['SELECT * FROM task t WHERE t.cityId = ? FOR SHARE', 'a shared lock'],
    ['SELECT id FROM task WHERE cityId = ? FOR UPDATE SKIP LOCKED', 'SKIP LOCKED'],
    ['CREATE TRIGGER t_ai AFTER INSERT ON task FOR EACH ROW SET @x = 1', 'a trigger'],
    ['CREATE DEFINER = root PROCEDURE p() BEGIN END', 'a stored procedure or function'],
    ['CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM task', 'an event'],
    ['ALTER TABLE notice ADD FULLTEXT INDEX ft (title)', 'FULLTEXT'],
    ['SELECT id FROM notice WHERE cityId = ? AND MATCH (title) AGAINST (?)', 'FULLTEXT'],
    ['CREATE TABLE copy AS SELECT * FROM task', 'CREATE TABLE … SELECT'],
    ['CREATE TABLE copy (id INT) SELECT id FROM task', 'CREATE TABLE … SELECT'],
    ["SELECT GET_LOCK('reminders', 0)", 'a named lock (GET_LOCK)'],
    ['CREATE TABLE x (id BIGINT AUTO_RANDOM PRIMARY KEY)', 'AUTO_RANDOM ids'],
    ['SELECT t.id FROM task t WHERE t.status = ?', 'no cityId condition on t'],
    ['UPDATE `task` SET `status` = ? WHERE `title` LIKE ?', 'no cityId condition on task'],
    ['DELETE FROM notice WHERE state = ?', 'no cityId condition on notice'],
    ['SELECT u.id FROM org_unit u JOIN task t ON t.unitId = u.id WHERE t.status = ?', 'no cityId condition on t'],
    // A cityId that is only selected, grouped or sorted by says nothing about the rows.
    ['SELECT t.cityId, COUNT(*) FROM task t WHERE t.status = ? GROUP BY t.cityId ORDER BY t.cityId', 'no cityId condition on t'],
    // Each table needs its own: the city of one does not route another read by a foreign key.
    ['SELECT t.id FROM task t JOIN notice n ON n.unitId = t.unitId WHERE t.cityId = ?', 'no cityId condition on n'],
    ['SELECT COUNT(1) FROM notice n WHERE n.unitId IN (SELECT su.id FROM org_unit su WHERE su.cityId = ? AND su.path >= ?)', 'no cityId condition on n'],
    // An existence check reads the table as any SELECT does.
    ['SELECT 1 AS `row_exists` FROM (SELECT 1 AS dummy_column) `dummy_table` WHERE EXISTS (SELECT 1 FROM `task` `t` WHERE `t`.`unitId` = ?)', 'no cityId condition on t'],
  ])('refuses %s', (sql, rule) => {
    expect(ruleBroken(sql, TABLES)).toBe(rule);
  });

  it.each([
    'SELECT t.id, t.title FROM task t WHERE t.cityId = ? AND t.unitId IN (?, ?)',
    'SELECT `t`.`id` FROM `task` `t` WHERE `t`.`id` = ?',
    'SELECT id FROM task WHERE id IN (?, ?, ?)',
    'SELECT t.id FROM task t JOIN notice n ON n.cityId = t.cityId AND n.unitId = t.unitId WHERE t.cityId = ?',
    'SELECT t.id, u.name FROM task t JOIN org_unit u ON u.id = t.unitId WHERE t.cityId IN (?, ?)',
    'SELECT COUNT(1) FROM notice n WHERE n.cityId IN (?) AND n.unitId IN (SELECT su.id FROM org_unit su WHERE su.cityId = ? AND su.path >= ?)',
    'UPDATE task SET percent = ? WHERE id = ? AND version = ?',
    'SELECT * FROM task t WHERE t.id = ? FOR UPDATE',
    '/* zeren:all-cities */ SELECT t.id FROM task t WHERE t.status <> ?',
    'SELECT COUNT(1) FROM org_unit u WHERE (1 = 0) AND u.closedOn IS NULL',
    'SELECT id FROM domain WHERE code = ?',
    'SELECT 1',
    'SELECT MASTER_GTID_WAIT(?, 0)',
    'INSERT INTO task (cityId, unitId, title) VALUES (?, ?, ?)',
    'CREATE TABLE task (id INT PRIMARY KEY, cityId INT NOT NULL)',
  ])('lets through %s', (sql) => {
    expect(ruleBroken(sql, TABLES)).toBeNull();
  });
});
