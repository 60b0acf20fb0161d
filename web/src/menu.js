// The left menu: groups of pages and the roles that see each page.  The
// server decides what a role may do (routes.c and the store's scopes);
// the menu only leaves out what a role cannot use.
const STAFF = ['admin', 'leader', 'inspector', 'dept_officer']
const ALL = [...STAFF, 'enterprise']

export const MENU = [
  { path: '/dashboard', title: '工作台', icon: 'Odometer', roles: ALL },
  { path: '/notifications', title: '通知', icon: 'Message', roles: ALL },
  {
    title: '线索与案件', icon: 'ChatLineSquare',
    children: [
      { path: '/clues', title: '线索管理', roles: STAFF },
      { path: '/cases', title: '案件管理', roles: ['admin', 'leader', 'inspector', 'dept_officer'] },
    ],
  },
  {
    title: '项目监管', icon: 'OfficeBuilding',
    children: [
      { path: '/projects', title: '项目', roles: ALL },
      { path: '/workers', title: '劳动者', roles: ALL },
    ],
  },
  {
    title: '企业与信用', icon: 'Stamp',
    children: [
      { path: '/enterprises', title: '企业', roles: STAFF },
      { path: '/blacklist', title: '失信名单', roles: STAFF },
      { path: '/ratings', title: '信用评价', roles: STAFF },
    ],
  },
  {
    title: '预警中心', icon: 'Bell',
    children: [
      { path: '/warnings', title: '预警', roles: STAFF },
      { path: '/ledger', title: '风险台账', roles: STAFF },
    ],
  },
  {
    title: '清欠保障', icon: 'Wallet',
    children: [
      { path: '/clearance', title: '两清零', roles: ['admin', 'leader', 'inspector'] },
      { path: '/fund', title: '应急周转金', roles: ['admin', 'leader', 'inspector'] },
    ],
  },
  {
    title: '应急处置', icon: 'Warning',
    children: [
      { path: '/incidents', title: '突发事件', roles: STAFF },
      { path: '/zero-reports', title: '零报告', roles: STAFF },
      { path: '/supervision', title: '督查督办', roles: STAFF },
    ],
  },
  { path: '/reports', title: '统计报表', icon: 'DataLine', roles: STAFF },
  { path: '/imports', title: '数据导入', icon: 'Upload', roles: ['admin', 'inspector', 'enterprise'] },
  {
    title: '系统管理', icon: 'Setting',
    children: [
      { path: '/users', title: '用户', roles: ['admin'] },
      { path: '/tokens', title: '接口令牌', roles: ['admin'] },
      { path: '/audit', title: '审计日志', roles: ['admin'] },
    ],
  },
]

// Roles that run the credit workflow and supervision (CREDIT_OFFICERS in
// routes.c); the others read only.
export const CREDIT_OFFICERS = ['admin', 'leader', 'inspector']

export function menuFor(role) {
  const out = []
  for (const m of MENU) {
    if (m.children) {
      const c = m.children.filter((x) => x.roles.includes(role))
      if (c.length) out.push({ ...m, children: c })
    } else if (m.roles.includes(role)) out.push(m)
  }
  return out
}

export function rolesOf(path) {
  for (const m of MENU) {
    if (m.path === path) return m.roles
    for (const c of m.children || []) if (c.path === path) return c.roles
  }
  return null
}

export function groupOf(path) {
  for (const m of MENU) for (const c of m.children || []) if (c.path === path) return m.title
  return null
}
