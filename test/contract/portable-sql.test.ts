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
    ['SELECT u.id FROM org_unit u JOIN task t ON t.unitId = u.id WHERE t.id = ?', 'no cityId condition on u, t'],
  ])('refuses %s', (sql, rule) => {
    expect(ruleBroken(sql, TABLES)).toBe(rule);
  });

  it.each([
    'SELECT t.id, t.title FROM task t WHERE t.cityId = ? AND t.unitId IN (?, ?)',
    'SELECT `t`.`id` FROM `task` `t` WHERE `t`.`id` = ?',
    'SELECT id FROM task WHERE id IN (?, ?, ?)',
    'UPDATE task SET percent = ? WHERE id = ? AND version = ?',
    'SELECT * FROM task t WHERE t.id = ? FOR UPDATE',
    '/* zeren:all-cities */ SELECT t.id FROM task t WHERE t.status <> ?',
    'SELECT COUNT(1) FROM org_unit u WHERE (1 = 0) AND u.closedOn IS NULL',
    'SELECT id FROM domain WHERE code = ?',
    'INSERT INTO task (cityId, unitId, title) VALUES (?, ?, ?)',
    'CREATE TABLE task (id INT PRIMARY KEY, cityId INT NOT NULL)',
  ])('lets through %s', (sql) => {
    expect(ruleBroken(sql, TABLES)).toBeNull();
  });
});
