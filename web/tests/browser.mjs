// Browser tests of the web UI: a fresh demo database, `zhiqian serve` on a
// free loopback port, Debian's chromium driven by playwright-core.
//   node web/tests/browser.mjs --bin build/zhiqian [--screenshots DIR]
// Last line: "N passed, N failed" (scripts/test-all counts it).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const args = process.argv.slice(2)
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d)
const bin = resolve(opt('--bin', 'build/zhiqian'))
const web = resolve(opt('--web', 'build/web'))
const shots = args.includes('--screenshots') ? resolve(opt('--screenshots')) : null
const tmp = mkdtempSync(join(tmpdir(), 'zq-web-'))
const db = join(tmp, 'demo.db')
const env = { ...process.env, ZHIQIAN_SECRET_KEY: process.env.ZHIQIAN_SECRET_KEY || 'web-test-key-not-for-production-use' }

let passed = 0
let failed = 0
async function test(name, fn) {
  try {
    await fn()
    passed++
    console.log('ok    ' + name)
  } catch (e) {
    failed++
    console.log('FAIL  ' + name + '\n      ' + String(e && e.stack ? e.stack : e).split('\n').slice(0, 4).join('\n      '))
  }
}
function assert(c, msg) {
  if (!c) throw new Error(msg)
}

function freePort() {
  return new Promise((res) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port
      s.close(() => res(p))
    })
  })
}

// The demo database and its logins (user → password) from `zhiqian demo`.
execFileSync(bin, ['--db', db, 'init'], { env, stdio: 'ignore' })
const demoOut = execFileSync(bin, ['--db', db, 'demo'], { env }).toString()
const logins = {}
for (const m of demoOut.matchAll(/^\s{2}(\S+)\s+(\S+)\s+(admin|leader|inspector|dept_officer|enterprise|bank)\s/gm)) logins[m[3]] = { user: m[1], password: m[2] }

const port = await freePort()
const base = `http://127.0.0.1:${port}`
const server = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--web', web], { env, stdio: ['ignore', 'ignore', 'pipe'] })
let serverErr = ''
server.stderr.on('data', (d) => (serverErr += d))
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(base + '/healthz')).ok) break
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 100))
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'], headless: true })
const consoleErrors = []

async function newPage(viewport = { width: 1440, height: 900 }) {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true })
  const page = await ctx.newPage()
  page.on('console', (m) => {
    // A guarded route that this server does not have yet answers 404: the
    // page shows its empty state; the browser still logs the failed fetch.
    // The wrong-password test's 401 is expected too.
    const expected = /status of 404/.test(m.text()) || (/status of 401/.test(m.text()) && page.url().includes('/login'))
    if (m.type() === 'error' && !expected) consoleErrors.push(page.url() + ': ' + m.text())
  })
  page.on('pageerror', (e) => consoleErrors.push(page.url() + ': ' + e.message))
  return page
}
async function login(page, role) {
  const l = logins[role]
  assert(l, 'no demo login for ' + role)
  await page.goto(base + '/login')
  await page.fill('input[name=username]', l.user)
  await page.fill('input[name=password]', l.password)
  await page.click('button[type=submit]')
  await page.waitForURL(/\/dashboard/, { timeout: 15000 })
}
async function settle(page) {
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(400)
}
async function shot(page, name) {
  if (!shots) return
  mkdirSync(shots, { recursive: true })
  await page.screenshot({ path: join(shots, name + '.png') })
}
const menuOf = (page) => page.$$eval('[data-menu]', (els) => els.map((e) => e.getAttribute('data-menu')))

const EXPECT = {
  admin: ['工作台', '线索管理', '案件管理', '项目', '企业与信用', '劳动者', '预警', '风险台账', '两清零', '应急周转金', '数据导入', '用户', '接口令牌', '审计日志'],
  leader: ['工作台', '线索管理', '案件管理', '项目', '企业与信用', '劳动者', '预警', '风险台账', '两清零', '应急周转金'],
  inspector: ['工作台', '线索管理', '案件管理', '项目', '企业与信用', '劳动者', '预警', '风险台账', '两清零', '应急周转金', '数据导入'],
  dept_officer: ['工作台', '线索管理', '案件管理', '项目', '企业与信用', '劳动者', '预警', '风险台账'],
  enterprise: ['工作台', '项目', '劳动者', '数据导入'],
}

try {
  await test('demo printed a login for every role', async () => {
    for (const r of Object.keys(EXPECT)) assert(logins[r], 'missing ' + r)
  })

  for (const role of Object.keys(EXPECT)) {
    await test(`${role}: logs in and sees only the ${role} menu`, async () => {
      const page = await newPage()
      await login(page, role)
      const menu = await menuOf(page)
      assert(JSON.stringify(menu) === JSON.stringify(EXPECT[role]), `menu ${JSON.stringify(menu)}`)
      if (role !== 'admin') {
        await page.goto(base + '/users')
        await page.waitForURL(/\/dashboard/)
      }
      await page.context().close()
    })
  }

  await test('wrong password shows a Chinese message', async () => {
    const page = await newPage()
    await page.goto(base + '/login')
    await page.fill('input[name=username]', 'admin')
    await page.fill('input[name=password]', 'wrong-password')
    await page.click('button[type=submit]')
    await page.getByText('用户名或口令不正确').waitFor()
    await shot(page, 'login')
    await page.context().close()
  })

  // Admin: every page, with charts and screenshots.
  const page = await newPage()
  await login(page, 'admin')

  await test('dashboard renders charts with data', async () => {
    await settle(page)
    await page.waitForSelector('[data-chart="项目状态"] canvas', { timeout: 15000 })
    const stats = await page.$$eval('.stat .value', (els) => els.map((e) => e.textContent.trim()))
    assert(Number(stats[1]) > 0, 'project count ' + stats[1])
    const charts = await page.$$eval('.vchart canvas', (els) => els.length)
    assert(charts >= 3, 'charts: ' + charts)
    await shot(page, 'dashboard')
  })

  let code = ''
  await test('project list → detail renders its charts', async () => {
    await page.goto(base + '/projects?status=在建')
    await page.waitForSelector('[data-test=projects-table] .el-table__row')
    await shot(page, 'projects')
    code = (await page.textContent('[data-test=projects-table] .el-table__row .link')).trim()
    await page.click('[data-test=projects-table] .el-table__row .link')
    await page.waitForURL(/\/projects\//)
    await page.waitForSelector('[data-chart="考勤与工资"] canvas', { timeout: 15000 })
    await page.waitForSelector('[data-chart="专户收支"] canvas')
    await settle(page)
    assert((await page.textContent('h2')).length > 0, 'project name')
    await shot(page, 'project-detail')
  })

  await test('an upload with row errors shows them and offers the CSV', async () => {
    await page.goto(base + '/imports')
    await settle(page)
    await page.click('[data-test=kind]')
    await page.getByRole('option', { name: /^企业（enterprises）/ }).click()
    const csv = join(tmp, '企业.csv')
    writeFileSync(csv, 'uscc,name,kind,legal_rep,region_code,phone\n91330282MA2GQX8C18,慈溪市测试劳务有限公司,劳务分包,张三,330282,13800000000\n123,坏企业,劳务分包,李四,330282,13800000001\n')
    await page.setInputFiles('input[type=file]', csv)
    await page.click('[data-test=upload]')
    await page.waitForSelector('[data-test=row-errors] .el-table__row', { timeout: 20000 })
    const rows = await page.$$eval('[data-test=row-errors] .el-table__row', (els) => els.map((e) => e.textContent))
    assert(rows.length >= 1 && rows.some((r) => r.includes('3')), 'row errors ' + rows)
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=errors-csv]')])
    assert(/\.csv$/.test(dl.suggestedFilename()), 'download ' + dl.suggestedFilename())
    await shot(page, 'imports')
  })

  await test('worker search masks and reveals with a reason', async () => {
    await page.goto(base + '/workers')
    await page.fill('input[placeholder=项目编号]', code)
    await page.click('button[type=submit]')
    await page.waitForSelector('.el-table__row .link')
    const masked = await page.textContent('.el-table__row')
    assert(/\*{4}/.test(masked), 'masked: ' + masked)
    await shot(page, 'workers')
    await page.click('.el-table__row .link')
    await page.waitForSelector('[data-test=id-number]')
    await page.click('.el-drawer .el-button--primary.is-link >> nth=0')
    await page.fill('.el-message-box input', '核实身份')
    await page.click('.el-message-box .el-button--primary')
    await page.waitForFunction(() => /^\d{17}[\dX]$/.test(document.querySelector('[data-test=id-number]').textContent.trim()))
    await shot(page, 'worker-detail')
  })

  for (const [path, name] of [
    ['/enterprises', 'enterprises'], ['/warnings', 'warnings'], ['/ledger', 'ledger'], ['/clues', 'clues'],
    ['/cases', 'cases'], ['/clearance', 'clearance'], ['/fund', 'fund'], ['/users', 'users'],
    ['/tokens', 'tokens'], ['/audit', 'audit'],
  ]) {
    await test(`page ${path} renders`, async () => {
      await page.goto(base + path)
      await settle(page)
      assert(await page.$('.el-table, .panel'), 'no table')
      await shot(page, name)
    })
  }
  await page.context().close()

  const mobile = { width: 390, height: 844 }
  await test('public complaint validates ID number and phone in the browser', async () => {
    const p = await newPage(mobile)
    await p.goto(base + '/public/complaint')
    await settle(p)
    await shot(p, 'public-complaint')
    await p.getByLabel('手机号').fill('12345')
    await p.getByLabel('身份证号（选填）').fill('110105194912310020')
    await p.getByLabel('您的姓名').click()
    await p.getByText('请输入 11 位手机号').waitFor()
    await p.getByText('身份证号校验位不正确').waitFor()
    await p.getByLabel('身份证号（选填）').fill('11010519491231002X')
    await p.getByLabel('您的姓名').click()
    await p.getByText('身份证号校验位不正确').waitFor({ state: 'detached', timeout: 5000 })
    await p.context().close()
  })
  for (const [path, name] of [['/public/progress', 'public-progress'], ['/public/blacklist', 'public-blacklist'], ['/public/projects/' + encodeURIComponent(code), 'public-notice']]) {
    await test(`public page ${path} renders`, async () => {
      const p = await newPage(mobile)
      await p.goto(base + path)
      await settle(p)
      await shot(p, name)
      await p.context().close()
    })
  }

  await test('no console errors', async () => {
    assert(consoleErrors.length === 0, consoleErrors.slice(0, 5).join('\n'))
  })
} finally {
  await browser.close()
  server.kill('SIGTERM')
  rmSync(tmp, { recursive: true, force: true })
}
if (failed && serverErr) console.log(serverErr.split('\n').slice(-10).join('\n'))
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
