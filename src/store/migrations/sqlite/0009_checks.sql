-- zhiqian schema, version 9 (SQLite dialect): the allowed values of the bulk tables' CHECK
-- constraints written as OR chains.
--
-- Kept semantically identical to migrations/pg/0009_checks.sql, which changes nothing.
--
-- SQLite evaluates a CHECK of the form `x IN ('a', 'b', 'c')` (three values or more) by
-- building a temporary index of the list afresh for every row written, which costs about as
-- much as writing the row: a payroll import spent a sixth of its instructions there.  The three
-- tables that imports fill by the million get the same checks as `x = 'a' OR x = 'b' OR ...`:
-- payroll.channel, account_txns.kind and disbursements.status.  The values accepted are the
-- same and no stored row changes, so the table definitions are edited in place, as SQLite's
-- documentation describes for changing a constraint (lang_altertable.html, "Making Other
-- Kinds Of Table Schema Changes"); a throw-away table then moves the schema cookie so that
-- other connections read the new definitions.  The migration fails, and rolls back, unless all
-- three definitions were rewritten.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (channel IN (''专户代发'', ''银行代发'', ''现金'', ''其他''))',
                  'CHECK (channel = ''专户代发'' OR channel = ''银行代发'' OR channel = ''现金'' OR channel = ''其他'')')
WHERE type = 'table' AND name = 'payroll';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''人工费拨付'', ''工资代发'', ''退回'', ''其他''))',
                  'CHECK (kind = ''人工费拨付'' OR kind = ''工资代发'' OR kind = ''退回'' OR kind = ''其他'')')
WHERE type = 'table' AND name = 'account_txns';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (status IN (''成功'', ''失败'', ''退回''))',
                  'CHECK (status = ''成功'' OR status = ''失败'' OR status = ''退回'')')
WHERE type = 'table' AND name = 'disbursements';
PRAGMA writable_schema = OFF;

CREATE TEMP TABLE zq_m9_rewritten (n INTEGER NOT NULL CHECK (n = 3));
INSERT INTO zq_m9_rewritten (n)
SELECT count(*) FROM sqlite_schema
WHERE type = 'table'
  AND ((name = 'payroll' AND instr(sql, 'channel IN (') = 0
        AND instr(sql, 'channel = ''专户代发'' OR channel = ''银行代发'' OR channel = ''现金'' OR channel = ''其他''') > 0)
    OR (name = 'account_txns' AND instr(sql, 'kind IN (') = 0
        AND instr(sql, 'kind = ''人工费拨付'' OR kind = ''工资代发'' OR kind = ''退回'' OR kind = ''其他''') > 0)
    OR (name = 'disbursements' AND instr(sql, 'status IN (') = 0
        AND instr(sql, 'status = ''成功'' OR status = ''失败'' OR status = ''退回''') > 0));
DROP TABLE zq_m9_rewritten;

CREATE TABLE zq_m9_cookie (x INTEGER);
DROP TABLE zq_m9_cookie;
