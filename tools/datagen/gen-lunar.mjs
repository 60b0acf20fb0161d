// gen-lunar.mjs - writes zhiqian's data/lunar-holidays.csv (date,kind,name) to stdout: the
// statutory rest days of 《全国年节及纪念日放假办法》 (2024 revision, in force 2025) for the
// years after the last official State Council notice shipped in data/holidays.csv.
//
//   元旦 Jan 1; 春节 除夕 through 正月初三 (4 days); 清明节 the day of the 清明 solar term;
//   劳动节 May 1-2; 端午节 五月初五; 中秋节 八月十五; 国庆节 Oct 1-3.
//
// Lunar dates and solar terms come from the npm package lunar-javascript (pinned in
// package.json / package-lock.json).  Only statutory days are listed: the make-up working
// days (调休) of a year are known only from its official notice.  A date that is two holidays
// at once (中秋 on Oct 1-3) is listed once with both names, as the official notices do.
// The script stops with an error if the package disagrees with the known dates below.
//
// Usage: npm ci && node gen-lunar.mjs > ../../data/lunar-holidays.csv
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Lunar, Solar } = require('lunar-javascript');

const FIRST_YEAR = 2027;
const LAST_YEAR = 2035;

// 正月初一 by year, from published Chinese calendars; 2025 and 2026 are also in the official
// notices (data/holidays.csv).
const KNOWN_NEW_YEAR = {
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26',
  2029: '2029-02-13', 2030: '2030-02-03', 2031: '2031-01-23', 2032: '2032-02-11',
  2033: '2033-01-31', 2034: '2034-02-19', 2035: '2035-02-08',
};
// Other dates fixed by the official notices for 2025 and 2026.
const KNOWN = [
  ['除夕', 2025, '2025-01-28'], ['除夕', 2026, '2026-02-16'], ['除夕', 2027, '2027-02-05'],
  ['清明', 2025, '2025-04-04'], ['清明', 2026, '2026-04-05'],
  ['端午', 2025, '2025-05-31'], ['端午', 2026, '2026-06-19'],
  ['中秋', 2025, '2025-10-06'], ['中秋', 2026, '2026-09-25'],
];

function fail(msg) {
  process.stderr.write(`gen-lunar: ${msg}\n`);
  process.exit(1);
}

function ymd(solar) {
  return solar.toYmd();
}

function lunarDays(year) {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  const qingming = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()['清明'];
  return {
    除夕: ymd(newYear.next(-1)),
    正月初一: ymd(newYear),
    正月初二: ymd(newYear.next(1)),
    正月初三: ymd(newYear.next(2)),
    清明: ymd(qingming),
    端午: ymd(Lunar.fromYmd(year, 5, 5).getSolar()),
    中秋: ymd(Lunar.fromYmd(year, 8, 15).getSolar()),
  };
}

function check() {
  let bad = 0;
  for (const [y, want] of Object.entries(KNOWN_NEW_YEAR)) {
    const got = lunarDays(Number(y)).正月初一;
    if (got !== want) {
      process.stderr.write(`gen-lunar: ${y} 正月初一 is ${got}, expected ${want}\n`);
      bad++;
    }
  }
  for (const [what, y, want] of KNOWN) {
    const got = lunarDays(y)[what];
    if (got !== want) {
      process.stderr.write(`gen-lunar: ${y} ${what} is ${got}, expected ${want}\n`);
      bad++;
    }
  }
  if (bad) fail(`${bad} disagreement(s) with known dates`);
}

function yearRows(year) {
  const l = lunarDays(year);
  const p = (m, d) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const days = [
    [p(1, 1), '元旦'],
    [l.除夕, '春节'], [l.正月初一, '春节'], [l.正月初二, '春节'], [l.正月初三, '春节'],
    [l.清明, '清明节'],
    [p(5, 1), '劳动节'], [p(5, 2), '劳动节'],
    [l.端午, '端午节'],
    [p(10, 1), '国庆节'], [p(10, 2), '国庆节'], [p(10, 3), '国庆节'],
    [l.中秋, '中秋节'], // after 国庆 so that a shared day reads 国庆节、中秋节
  ];
  const byDate = new Map();
  for (const [date, name] of days) {
    const names = byDate.get(date) ?? [];
    if (!names.includes(name)) names.push(name);
    byDate.set(date, names);
  }
  return [...byDate].map(([date, names]) => [date, names.join('、')]);
}

check();
const rows = [];
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) rows.push(...yearRows(y));
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const out = ['date,kind,name', ...rows.map(([date, name]) => `${date},off,${name}`)];
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`gen-lunar: ${rows.length} statutory rest days, ${FIRST_YEAR}-${LAST_YEAR}\n`);
