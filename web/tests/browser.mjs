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
  // Toasts of the last step would cover the page; drawers start at the top.
  await page.evaluate(() => {
    document.querySelectorAll('.el-message').forEach((e) => e.remove())
    document.querySelectorAll('.el-drawer__body').forEach((e) => (e.scrollTop = 0))
  })
  await page.screenshot({ path: join(shots, name + '.png') })
}
const menuOf = (page) => page.$$eval('[data-menu]', (els) => els.map((e) => e.getAttribute('data-menu')))

const CREDIT = ['企业', '失信名单', '信用评价']
const EMERGENCY = ['突发事件', '零报告', '督查督办']
const EXPECT = {
  admin: ['工作台', '通知', '线索管理', '案件管理', '项目', '劳动者', ...CREDIT, '预警', '风险台账', '两清零', '应急周转金', ...EMERGENCY, '统计报表', '数据导入', '用户', '接口令牌', '审计日志'],
  leader: ['工作台', '通知', '线索管理', '案件管理', '项目', '劳动者', ...CREDIT, '预警', '风险台账', '两清零', '应急周转金', ...EMERGENCY, '统计报表'],
  inspector: ['工作台', '通知', '线索管理', '案件管理', '项目', '劳动者', ...CREDIT, '预警', '风险台账', '两清零', '应急周转金', ...EMERGENCY, '统计报表', '数据导入'],
  dept_officer: ['工作台', '通知', '线索管理', '案件管理', '项目', '劳动者', ...CREDIT, '预警', '风险台账', ...EMERGENCY, '统计报表'],
  enterprise: ['工作台', '通知', '项目', '劳动者', '数据导入'],
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
    await page.waitForSelector('[data-chart="预警等级"] canvas', { timeout: 15000 })
    await page.waitForSelector('[data-chart="各地区预警"] canvas')
    await page.waitForSelector('[data-chart="线索趋势"] canvas')
    await page.waitForSelector('[data-chart="清零进度"] canvas')
    const charts = await page.$$eval('.vchart canvas', (els) => els.length)
    assert(charts >= 6, 'charts: ' + charts)
    assert(Number(stats[2]) > 0 && Number(stats[3]) > 0, 'open / red warnings ' + stats)
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
    await page.getByRole('tab', { name: '保证金' }).click()
    await page.waitForSelector('[data-test=deposit-calc] li')
    assert(/应存金额/.test(await page.textContent('[data-test=deposit-calc]')), 'deposit steps')
    assert(await page.$('[data-test=notice-pdf]'), 'notice-board PDF link')
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
    ['/tokens', 'tokens'], ['/audit', 'audit'], ['/reports?region=330200', 'reports'], ['/notifications', 'notifications'],
    ['/ratings', 'ratings'],
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
      if (name === 'public-notice') {
        // a worker who scanned the QR code, without an account, reads the board
        await p.waitForSelector('[data-test=board]')
        const board = await p.textContent('[data-test=board]')
        assert(/建设单位/.test(board) && /劳资专管员/.test(board) && board.includes(code), 'the board, public: ' + board.slice(0, 120))
        assert(!(await p.$('[data-test=notice-pdf]')), 'no PDF link without a login')
      }
      await shot(p, name)
      await p.context().close()
    })
  }

  // Issue 8's flow: a public complaint → an inspector accepts and verifies
  // it → a case → a settlement and a fund advance → closure → the public
  // query shows 办结, and the complainant rates it.
  await test('complaint → accept → verify → case → settle → close → 办结', async () => {
    const phone = '13912345678'
    const pub = await newPage(mobile)
    await pub.goto(base + '/public/complaint')
    await settle(pub)
    await pub.getByLabel('您的姓名').fill('赵立新')
    await pub.getByLabel('手机号').fill(phone)
    await pub.getByLabel('被投诉单位（欠薪的老板或公司）').fill('慈溪市浒山装修队')
    await pub.click('.el-cascader')
    for (const n of ['浙江省', '宁波市', '慈溪市']) await pub.locator('.el-cascader-node', { hasText: n }).first().click()
    await pub.getByLabel('涉及金额（元）').fill('5000')
    await pub.getByLabel('情况说明').fill('在浒山街道装修工地干了两个月，工资一直没有发放')
    await pub.click('button.submit')
    await pub.waitForSelector('[data-test=ticket] .ticket')
    const ticket = (await pub.textContent('[data-test=ticket] .ticket')).trim()
    assert(/^XS330282\d{12}$/.test(ticket), 'ticket ' + ticket)
    assert(/^\d{4}-\d{2}-\d{2}$/.test((await pub.textContent('[data-test=accept-by]')).trim()), 'accept_by')
    await settle(pub)
    await shot(pub, 'public-complaint-done')
    await pub.context().close()

    const p = await newPage()
    await login(p, 'inspector')
    // Outside office hours the complaint notifies the officer on duty.
    await p.goto(base + '/notifications')
    await settle(p)
    await shot(p, 'notifications')
    await p.goto(base + '/clues?q=' + ticket)
    await p.waitForSelector('[data-test=clues-table] .el-table__row')
    await p.click('[data-test=clues-table] .el-table__row')
    const dlg = p.locator('.el-dialog:visible')
    const act = async (name) => { await p.click(`.el-drawer [data-action=${name}]`) }
    const submit = async () => { await dlg.locator('[data-test=action-submit]').click(); await dlg.waitFor({ state: 'hidden', timeout: 15000 }) }
    const pick = async (label, option) => {
      await dlg.locator('.el-form-item').filter({ has: p.locator('label', { hasText: new RegExp('^' + label + '$') }) }).locator('.el-select__wrapper').click()
      await p.getByRole('option', { name: option, exact: true }).click()
    }
    const status = (s) => p.locator('.el-drawer .el-tag', { hasText: s }).first().waitFor({ timeout: 15000 })
    await act('accept')
    await p.click('.el-message-box .el-button--primary')
    await status('已受理')
    await act('verify')
    await dlg.getByLabel('核查人').fill('inspector')
    await submit()
    await status('核查中')
    await act('confirm')
    await pick('性质', '工资')
    await dlg.getByLabel('欠薪金额（元）').fill('5000.00')
    await submit()
    await status('查实')
    await p.waitForSelector('[data-test=clue-history] .el-timeline-item')
    await shot(p, 'clue-detail')
    await act('open-case')
    await dlg.getByLabel('承办人').fill('inspector, leader')
    await dlg.getByLabel('一案一策').fill('约谈装修队负责人，限期清偿；不足部分由应急周转金垫付后追偿')
    await dlg.getByRole('button', { name: '添加劳动者' }).click()
    await dlg.getByLabel('劳动者姓名').fill('赵立新')
    await dlg.getByLabel('劳动者身份证号').fill('11010519491231002X')
    await dlg.getByLabel('欠薪金额').fill('5000.00')
    await submit()
    await p.waitForURL(/\/cases\?/)
    await p.waitForSelector('[data-test=case-workers] .el-table__row')
    const blockers = await p.textContent('[data-test=close-blockers]')
    assert(/未足额清偿/.test(blockers), 'blockers ' + blockers)
    await p.click('.el-drawer [data-action=settle]')
    await pick('清偿主体', '用人单位')
    await dlg.getByLabel('赵立新 本次金额').fill('3000.00')
    await submit()
    await p.locator('[data-test=case-settlements] .el-table__row').first().waitFor()
    await p.click('.el-drawer [data-action=advance]')
    assert((await dlg.getByLabel('赵立新 本次金额').inputValue()) === '2000.00', 'advance prefilled with the remaining amount')
    await submit()
    await p.locator('[data-test=case-settlements] .el-table__row').nth(1).waitFor()
    await p.waitForSelector('.el-drawer .el-alert--success')
    await shot(p, 'case-detail')
    await p.click('.el-drawer [data-action=close]')
    await dlg.getByLabel('处理结果').fill('用人单位支付 3,000.00 元，应急周转金垫付 2,000.00 元，工资已全额支付')
    await submit()
    await status('已结案')
    await p.context().close()

    const q = await newPage(mobile)
    await q.goto(base + '/public/progress?ticket=' + ticket)
    await q.getByLabel('投诉时留的手机号').fill(phone)
    await q.click('button[type=submit]')
    await q.waitForSelector('[data-test=progress-result]')
    await settle(q)
    const text = await q.textContent('[data-test=progress-result]')
    assert(text.includes('办结') && text.includes('全额支付'), 'progress: ' + text)
    await shot(q, 'public-progress-done')
    await q.getByText('基本满意').click()
    await q.getByRole('button', { name: '提交评价' }).click()
    await q.getByText('感谢您的评价').waitFor()
    assert((await q.textContent('[data-test=progress-result]')).includes('基本满意'), 'satisfaction shown')
    await q.context().close()
  })

  await test('warning detail shows its history and the next steps', async () => {
    const p = await newPage()
    await login(p, 'inspector')
    await p.goto(base + '/warnings')
    await p.waitForSelector('[data-test=warnings-table] .el-table__row')
    await p.locator('[data-test=warnings-table] .el-table__row').first().getByRole('button', { name: '详情' }).click()
    await p.waitForSelector('[data-test=warning-history] .el-timeline-item')
    await p.context().close()
  })

  await test('report page shows the table and the download links', async () => {
    const p = await newPage()
    await login(p, 'leader')
    await p.goto(base + '/reports')
    await p.waitForSelector('[data-test=report-table] .el-table__row')
    const x = await p.getAttribute('[data-test=report-xlsx]', 'href')
    assert(/\/api\/v1\/reports\/weekly\?.*format=xlsx/.test(x), 'xlsx ' + x)
    const r = await p.context().request.get(base + x)
    assert(r.ok() && (await r.body()).subarray(0, 2).toString() === 'PK', 'xlsx download ' + r.status())
    await p.context().close()
  })

  // The credit and follow-through pages on the demo data (docs/credit.md):
  // the demo lists 慈溪东基建筑劳务有限公司 through the whole workflow, reports
  // two incidents, files a week of zero reports and opens a supervision round.
  const LISTED = '慈溪东基建筑劳务有限公司'
  const day = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10)
  await test('失信名单 shows the listed enterprise with persons, events and its steps', async () => {
    const p = await newPage()
    await login(p, 'inspector')
    await p.goto(base + '/blacklist')
    await p.waitForSelector('[data-test=blacklist-table] .el-table__row')
    await settle(p)
    await shot(p, 'blacklist')
    await p.locator('[data-test=blacklist-table] .el-table__row', { hasText: LISTED }).click()
    await p.waitForSelector('[data-test=blacklist-events] .el-timeline-item')
    const d = await p.textContent('.el-drawer')
    assert(d.includes('彭长东') && d.includes('法定代表人') && d.includes('决定列入') && d.includes('陈述申辩'), 'drawer ' + d.slice(0, 200))
    assert(await p.isVisible('.el-drawer [data-action=repair]') && await p.isVisible('.el-drawer [data-action=revoke]'), 'steps of 已列入')
    await settle(p)
    await shot(p, 'blacklist-detail')
    await p.click('.el-drawer [data-action=revoke]')
    await p.getByText('撤销用于错误列入的情形').waitFor()
    await p.getByRole('button', { name: '取消' }).last().click()
    await p.keyboard.press('Escape')
    await p.click('[data-test=eligibility-open]')
    await p.getByLabel('统一社会信用代码', { exact: true }).last().fill('91330282399801407U')
    await p.locator('[data-test=eligibility-dialog]').getByRole('button', { name: '核查' }).click()
    await p.waitForSelector('[data-test=eligibility-result]')
    const r = await p.textContent('[data-test=eligibility-dialog]')
    assert(r.includes('符合列入失信联合惩戒名单的条件') && r.includes('365,000.00'), 'eligibility ' + r.slice(0, 300))
    await settle(p)
    await shot(p, 'blacklist-eligibility')
    await p.context().close()
  })

  await test('突发事件 lists the demo\'s two, shows follow-ups, requires 性质 and 形式', async () => {
    const p = await newPage()
    await login(p, 'inspector')
    await p.goto(base + '/incidents')
    await p.waitForSelector('[data-test=incidents-table] .el-table__row')
    await settle(p)
    assert((await p.locator('[data-test=incidents-table] .el-table__row').count()) === 2, 'two incidents')
    await shot(p, 'incidents')
    await p.locator('[data-test=incidents-table] .el-table__row', { hasText: '聚集' }).click()
    await p.waitForSelector('[data-test=incident-followups] .el-timeline-item')
    await p.click('.el-drawer [data-action=followup]')
    const dlg = p.locator('[data-test=action-dialog]').last()
    await dlg.getByLabel('处置进展').fill('人社、住建联合约谈总包单位，承诺 11 月底前结清')
    await dlg.locator('[data-test=action-submit]').click()
    await p.locator('[data-test=incident-followups] .el-timeline-item', { hasText: '联合约谈' }).waitFor()
    await settle(p)
    await shot(p, 'incident-detail')
    await p.keyboard.press('Escape')
    await p.click('[data-test=incident-report]')
    await dlg.getByLabel('地点').fill('慈溪市观海卫镇某项目部')
    await dlg.getByLabel('情况描述').fill('12 名农民工到项目部讨要工资')
    await dlg.locator('[data-test=action-submit]').click()
    await dlg.getByText('请选择性质').waitFor()
    await dlg.getByText('请选择形式').waitFor()
    await settle(p)
    await shot(p, 'incident-report')
    for (const [label, option] of [['性质', '工资（农民工工资）'], ['形式', '上访']]) {
      await dlg.locator('.el-form-item').filter({ has: p.locator('label', { hasText: new RegExp('^' + label + '$') }) }).locator('.el-select__wrapper').click()
      await p.getByRole('option', { name: option, exact: true }).click()
    }
    await dlg.locator('[data-test=action-submit]').click()
    await p.locator('[data-test=incidents-table] .el-table__row', { hasText: '观海卫' }).waitFor()
    await p.context().close()
  })

  await test('零报告: the missing list renders, a 无事项 report is filed', async () => {
    const p = await newPage()
    await login(p, 'admin')
    await p.goto(base + '/zero-reports?date=' + day(-2))
    await p.waitForSelector('[data-test=zero-summary]')
    await p.waitForSelector('[data-test=zero-missing] .el-table__row')
    const t = await p.textContent('[data-test=zero-missing]')
    assert(t.includes('缺报'), 'missing ' + t.slice(0, 200))
    assert((await p.locator('[data-test=zero-table] .el-table__row').count()) > 0, 'reports of the week')
    await settle(p)
    await shot(p, 'zero-reports')
    await p.context().close()
    const q = await newPage()
    await login(q, 'inspector')
    await q.goto(base + '/zero-reports')
    await q.waitForSelector('[data-test=zero-table] .el-table__row')
    await q.click('[data-test=zero-none]')
    await q.getByText('已报告：当日无欠薪事项').waitFor()
    await q.context().close()
  })

  await test('督查督办 shows the round, its finding and the 久拖不决 cases', async () => {
    const p = await newPage()
    await login(p, 'admin')
    await p.goto(base + '/supervision')
    await p.waitForSelector('[data-test=findings-table] .el-table__row')
    const f = await p.textContent('[data-test=findings-table]')
    assert(f.includes('提醒函') && f.includes('慈溪市治欠办'), 'finding ' + f.slice(0, 200))
    await p.locator('[data-test=findings-table] [data-action=sv-follow]').first().click()
    const dlg = p.locator('[data-test=action-dialog]').last()
    await dlg.getByLabel('整改情况').fill('已制定一案一策，逐案明确办结时限')
    await dlg.locator('[data-test=action-submit]').click()
    await p.locator('[data-test=findings-table]', { hasText: '一案一策，逐案' }).waitFor()
    await settle(p)
    await shot(p, 'supervision')
    await p.getByRole('tab', { name: '久拖不决案件' }).click()
    await p.waitForSelector('[data-test=stalled-table] .el-table__row')
    await settle(p)
    await shot(p, 'supervision-stalled')
    await p.context().close()
  })

  await test('the header shows the unread count; marking read lowers it', async () => {
    const p = await newPage()
    await login(p, 'admin')
    const badge = () => p.$eval('[data-test=unread-badge] .el-badge__content', (e) => (getComputedStyle(e).display === 'none' ? 0 : Number(e.textContent.trim()))).catch(() => 0)
    await p.waitForFunction(() => { const e = document.querySelector('[data-test=unread-badge] .el-badge__content'); return e && getComputedStyle(e).display !== 'none' })
    const n = await badge()
    assert(n >= 2, 'unread ' + n)
    await p.click('[data-test=unread-badge] button')
    await p.waitForURL(/\/notifications/)
    await p.waitForSelector('[data-test=notifications-table] [data-action=read]')
    await settle(p)
    await shot(p, 'notifications-unread')
    await p.locator('[data-test=notifications-table] [data-action=read]').first().click()
    await p.waitForFunction((k) => { const e = document.querySelector('[data-test=unread-badge] .el-badge__content'); return e && Number(e.textContent.trim()) === k }, n - 1)
    await p.click('[data-test=read-all]')
    await p.waitForFunction(() => { const e = document.querySelector('[data-test=unread-badge] .el-badge__content'); return !e || getComputedStyle(e).display === 'none' })
    await p.context().close()
  })

  await test('public blacklist query finds the demo listing by name, names and roles only', async () => {
    const p = await newPage({ width: 390, height: 844 })
    await p.goto(base + '/public/blacklist')
    await p.getByLabel('单位名称或统一社会信用代码').fill('东')
    await p.getByRole('button', { name: '查询' }).click()
    await p.getByText('请输入单位名称（至少 2 个字）或统一社会信用代码').waitFor()
    await p.getByLabel('单位名称或统一社会信用代码').fill('东基建筑')
    await p.getByRole('button', { name: '查询' }).click()
    await p.waitForSelector('[data-test=blacklist-item]')
    const t = await p.textContent('[data-test=blacklist-item]')
    assert(t.includes(LISTED) && t.includes('彭长东（法定代表人）') && t.includes('2029-11-02'), 'item ' + t)
    assert(!/\d{6}\*|\*{4}/.test(t), 'no ID numbers: ' + t)
    await settle(p)
    await shot(p, 'public-blacklist-found')
    await p.context().close()
  })

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
