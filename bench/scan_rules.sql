-- The warning rules of SPEC §5 written as plain SQL for the sqlite3 shell: the baseline of
-- `make bench-scan` (scripts/bench).  The shell runs this file on a zhiqian database after
-- `.parameter set @d 'YYYY-MM-DD'` (the scan date) and prints the hits per rule.
--
-- It reads the detail tables directly, with temporary tables and indexes where a direct
-- query would be quadratic: a careful SQL author's version of the rules, not zhiqian's
-- algorithm.  Simplifications against the real engine: the deposit is 2 % capped at
-- 5,000,000 yuan without the contractor's history (SPEC §6 adjustments), W20 is not
-- applied (it changes levels, not hits), and 10 working days (W21) are 14 calendar days.

CREATE TEMP TABLE hits (rule TEXT, subject TEXT, month TEXT);

-- Working days: Monday to Friday unless listed off, and listed make-up days.
CREATE TEMP TABLE due AS
WITH m(month) AS (SELECT DISTINCT month FROM project_months),
     k(n) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)),
     c AS (SELECT m.month, date(m.month || '-01', '+2 months', '-1 day', '-' || k.n || ' days') AS day
           FROM m, k)
SELECT month, max(day) AS due FROM c
WHERE (strftime('%w', day) NOT IN ('0', '6')
       AND NOT EXISTS (SELECT 1 FROM calendar_days x WHERE x.date = c.day AND x.kind = 'off'))
   OR EXISTS (SELECT 1 FROM calendar_days x WHERE x.date = c.day AND x.kind = 'work')
GROUP BY month;
CREATE INDEX temp.due_month ON due (month);

CREATE TEMP TABLE active AS
SELECT * FROM projects WHERE status = '在建' AND start_date <= @d;

-- W01 no wage account 30 days after signing
INSERT INTO hits SELECT 'W01', p.code, '' FROM active p
WHERE NOT EXISTS (SELECT 1 FROM wage_accounts a WHERE a.project_id = p.id AND a.opened_on <= @d)
  AND julianday(@d) - julianday(coalesce(p.contract_signed_on, p.start_date)) > 30;

-- W02 a month without 人工费拨付
INSERT INTO hits
WITH RECURSIVE pm(id, code, m) AS (
    SELECT id, code, substr(start_date, 1, 7) FROM active
    UNION ALL
    SELECT id, code, strftime('%Y-%m', m || '-01', '+1 month') FROM pm
    WHERE strftime('%Y-%m', m || '-01', '+1 month') < substr(@d, 1, 7))
SELECT 'W02', pm.code, pm.m FROM pm
WHERE pm.m < substr(@d, 1, 7)
  AND NOT EXISTS (SELECT 1 FROM account_txns t WHERE t.project_id = pm.id
                  AND t.txn_date >= pm.m || '-01' AND t.txn_date < pm.m || '-99'
                  AND t.txn_date <= @d AND t.direction = '收入' AND t.kind = '人工费拨付');

-- per worker-month of payroll: days declared, lines, and whether all were paid
CREATE TEMP TABLE pw AS
SELECT project_id, month, worker_id, sum(days_worked) AS days, sum(wage_due_fen) AS due_fen
FROM payroll GROUP BY project_id, month, worker_id;
CREATE INDEX temp.pw_key ON pw (project_id, month, worker_id);

-- W03 unpaid or late, once the month is due
INSERT INTO hits SELECT DISTINCT 'W03', p.code, r.month FROM payroll r
JOIN due ON due.month = r.month JOIN projects p ON p.id = r.project_id
WHERE due.due < @d
  AND (r.paid_on IS NULL OR r.paid_on > @d OR r.paid_on > due.due
       OR r.wage_paid_fen < r.wage_due_fen - r.deductions_fen);

-- W04 attended, no payroll line, once the month is due
INSERT INTO hits SELECT DISTINCT 'W04', p.code, a.month FROM attendance a
JOIN due ON due.month = a.month JOIN projects p ON p.id = a.project_id
WHERE due.due < @d AND a.month <= substr(@d, 1, 7)
  AND NOT EXISTS (SELECT 1 FROM pw WHERE pw.project_id = a.project_id AND pw.month = a.month
                  AND pw.worker_id = a.worker_id);

-- W05 declared days more than 2 off the attendance, where attendance is sent
INSERT INTO hits SELECT DISTINCT 'W05', p.code, pw.month FROM pw
JOIN project_months m ON m.project_id = pw.project_id AND m.month = pw.month AND m.attendees > 0
LEFT JOIN attendance a ON a.project_id = pw.project_id AND a.month = pw.month
     AND a.worker_id = pw.worker_id
JOIN projects p ON p.id = pw.project_id
WHERE abs(pw.days - coalesce(a.ndays, 0)) > 2 AND pw.month <= substr(@d, 1, 7);

-- W06 paid other than 专户代发
INSERT INTO hits SELECT DISTINCT 'W06', p.code, r.month FROM payroll r
JOIN projects p ON p.id = r.project_id
WHERE r.paid_on <= @d AND r.channel <> '专户代发';

-- W07 attendance or payroll of someone not registered on the project
INSERT INTO hits SELECT DISTINCT 'W07', p.code, x.month FROM
  (SELECT project_id, month, worker_id FROM attendance WHERE month <= substr(@d, 1, 7)
   UNION SELECT project_id, month, worker_id FROM pw WHERE month <= substr(@d, 1, 7)) x
JOIN projects p ON p.id = x.project_id
WHERE NOT EXISTS (SELECT 1 FROM employment e WHERE e.project_id = x.project_id
                  AND e.worker_id = x.worker_id);

-- W08 more than 10 % without a labour contract
INSERT INTO hits SELECT 'W08', p.code, '' FROM employment e JOIN projects p ON p.id = e.project_id
WHERE e.entered_on <= @d AND p.start_date <= @d
GROUP BY p.id HAVING sum(1 - e.contract_signed) * 10 > count(*);

-- W09 valid deposits below 2 % (capped)
INSERT INTO hits SELECT 'W09', p.code, '' FROM active p
WHERE coalesce((SELECT sum(d.amount_fen) FROM deposits d WHERE d.project_id = p.id
                AND d.amount_fen > 0 AND d.deposited_on <= @d
                AND (d.form = '现金' OR d.expires_on >= @d)), 0)
    - coalesce((SELECT sum(e.amount_fen) FROM deposit_events e JOIN deposits d ON d.id = e.deposit_id
                WHERE d.project_id = p.id AND e.kind = '动用' AND e.on_date <= @d), 0)
    < min(500000000, (p.contract_amount_fen * 2 + 50) / 100);

-- W10 a guarantee expiring within 30 days
INSERT INTO hits SELECT DISTINCT 'W10', p.code, '' FROM deposits d JOIN active p ON p.id = d.project_id
WHERE d.form <> '现金' AND d.deposited_on <= @d AND d.expires_on >= @d
  AND julianday(d.expires_on) - julianday(@d) <= 30;

-- W11 three clues in 30 days on a project (or respondent)
INSERT INTO hits SELECT 'W11', coalesce(p.code, coalesce(c.respondent_uscc, c.respondent)), ''
FROM clues c LEFT JOIN projects p ON p.id = c.project_id
WHERE date(c.received_at, 'unixepoch', '+8 hours') BETWEEN date(@d, '-29 days') AND @d
GROUP BY 2 HAVING count(*) >= 3;

-- W12 many people or a large amount, W13 old arrears, on open cases and clues
INSERT INTO hits SELECT 'W12', case_no, '' FROM cases
WHERE filed_on <= @d AND (closed_on IS NULL OR closed_on > @d)
  AND (people >= 10 OR amount_fen >= 30000000);
INSERT INTO hits SELECT 'W12', ticket, '' FROM clues
WHERE case_id IS NULL AND status NOT IN ('不予受理', '不属实', '工程款纠纷', '办结', '已回访')
  AND (closed_on IS NULL OR closed_on > @d)
  AND date(received_at, 'unixepoch', '+8 hours') <= @d
  AND (people >= 10 OR amount_fen >= 30000000);
INSERT INTO hits SELECT 'W13', case_no, '' FROM cases
WHERE filed_on <= @d AND (closed_on IS NULL OR closed_on > @d)
  AND period_from < strftime('%Y-%m', @d, 'start of month', '-12 months');

-- W14 W03/W04 on government and SOE projects
INSERT INTO hits SELECT DISTINCT 'W14', h.subject, h.month FROM hits h
JOIN projects p ON p.code = h.subject
WHERE h.rule IN ('W03', 'W04') AND p.funding IN ('政府投资', '国有企业投资');

-- W15 a statutory blacklisted party on an active project
INSERT INTO hits SELECT DISTINCT 'W15', p.code, '' FROM active p
JOIN blacklist b ON b.status = '已列入' AND b.list = '失信联合惩戒' AND b.decided_on <= @d
     AND (b.expires_on IS NULL OR b.expires_on > @d)
JOIN enterprises e ON e.uscc = b.uscc
WHERE e.id IN (p.builder_id, p.contractor_id)
   OR EXISTS (SELECT 1 FROM subcontracts s WHERE s.project_id = p.id AND s.subcontractor_id = e.id);

-- W16 account balance below the wages due and unpaid
INSERT INTO hits SELECT 'W16', p.code, '' FROM projects p JOIN wage_accounts a ON a.project_id = p.id
WHERE a.opened_on <= @d AND
  coalesce((SELECT sum(CASE WHEN t.direction = '收入' THEN t.amount_fen ELSE -t.amount_fen END)
            FROM account_txns t WHERE t.project_id = p.id AND t.txn_date <= @d), 0)
  < coalesce((SELECT sum(CASE WHEN r.paid_on IS NULL OR r.paid_on > @d
                              THEN r.wage_due_fen - r.deductions_fen
                              ELSE max(0, r.wage_due_fen - r.deductions_fen - r.wage_paid_fen) END)
              FROM payroll r JOIN due ON due.month = r.month
              WHERE r.project_id = p.id AND due.due < @d), 0);

-- W17 deadlines passed
INSERT INTO hits SELECT 'W17', ticket, '' FROM clues
WHERE status IN ('待受理', '转办') AND accept_by < @d
  AND date(received_at, 'unixepoch', '+8 hours') <= @d;
INSERT INTO hits SELECT 'W17', case_no, '' FROM cases
WHERE filed_on <= @d AND (closed_on IS NULL OR closed_on > @d) AND deadline_on < @d;

-- W18 no notice board or wage clerk
INSERT INTO hits SELECT 'W18', code, '' FROM active
WHERE notice_board = 0 OR wage_clerk IS NULL OR wage_clerk = '';

-- W19 average below the minimum wage, or one worker above 50,000 yuan
INSERT INTO hits SELECT 'W19', p.code, pw.month FROM pw JOIN projects p ON p.id = pw.project_id
WHERE pw.month <= substr(@d, 1, 7)
GROUP BY p.id, pw.month
HAVING (pw.month < substr(@d, 1, 7) AND sum(pw.due_fen) < 249000 * count(*))
    OR max(pw.due_fen) > 5000000;

-- W21 a draw not replenished in time
INSERT INTO hits SELECT DISTINCT 'W21', p.code, '' FROM deposit_events e
JOIN deposits d ON d.id = e.deposit_id JOIN projects p ON p.id = d.project_id
WHERE e.kind = '动用' AND e.on_date <= date(@d, '-15 days')
  AND coalesce((SELECT sum(x.amount_fen) FROM deposits x WHERE x.project_id = d.project_id
                AND x.form = '现金' AND x.amount_fen > 0 AND x.deposited_on > e.on_date
                AND x.deposited_on <= @d), 0) < e.amount_fen;

-- W22 a leaver more than 3 working days ago, not settled
INSERT INTO hits SELECT DISTINCT 'W22', p.code, '' FROM employment e
JOIN projects p ON p.id = e.project_id
WHERE e.left_on IS NOT NULL AND e.left_on <= date(@d, '-6 days')
  AND (EXISTS (SELECT 1 FROM payroll r WHERE r.project_id = e.project_id AND r.worker_id = e.worker_id
               AND r.month <= substr(e.left_on, 1, 7)
               AND (r.paid_on IS NULL OR r.paid_on > @d
                    OR r.wage_paid_fen < r.wage_due_fen - r.deductions_fen))
       OR EXISTS (SELECT 1 FROM attendance a WHERE a.project_id = e.project_id
                  AND a.worker_id = e.worker_id AND a.month <= substr(e.left_on, 1, 7)
                  AND NOT EXISTS (SELECT 1 FROM pw WHERE pw.project_id = a.project_id
                                  AND pw.month = a.month AND pw.worker_id = a.worker_id)));

-- W23 paid through the account, no successful bank line to the worker
INSERT INTO hits SELECT DISTINCT 'W23', p.code, r.month FROM payroll r
JOIN projects p ON p.id = r.project_id
WHERE r.channel = '专户代发' AND r.paid_on <= @d
  AND EXISTS (SELECT 1 FROM disbursements x WHERE x.project_id = r.project_id)
  AND NOT EXISTS (SELECT 1 FROM disbursements b WHERE b.worker_id = r.worker_id
                  AND b.status = '成功' AND b.paid_on <= @d
                  AND b.paid_on BETWEEN date(r.paid_on, '-10 days') AND date(r.paid_on, '+10 days')
                  AND b.amount_fen >= r.wage_paid_fen - 100);

SELECT rule, count(*) FROM hits GROUP BY rule ORDER BY rule;
