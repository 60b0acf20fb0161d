import { createRouter, createWebHistory } from 'vue-router'
import { session, loadMe, hasRole } from './auth.js'
import { rolesOf } from './menu.js'
import Layout from './layout/Layout.vue'

const page = (path, name, title, component, extra = {}) => ({
  path, name, component, meta: { title, roles: rolesOf(extra.menu || '/' + path), ...extra },
})

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/public',
    component: () => import('./views/public/PublicLayout.vue'),
    meta: { public: true },
    children: [
      { path: '', redirect: '/public/complaint' },
      { path: 'complaint', name: 'complaint', component: () => import('./views/public/Complaint.vue'), meta: { public: true, title: '欠薪投诉' } },
      { path: 'progress', name: 'progress', component: () => import('./views/public/Progress.vue'), meta: { public: true, title: '进度查询' } },
      { path: 'blacklist', name: 'public-blacklist', component: () => import('./views/public/Blacklist.vue'), meta: { public: true, title: '失信名单公示' } },
      { path: 'projects/:code', name: 'notice', component: () => import('./views/public/Notice.vue'), meta: { public: true, title: '项目维权告示' } },
    ],
  },
  {
    path: '/',
    component: Layout,
    redirect: '/dashboard',
    children: [
      page('dashboard', 'dashboard', '工作台', () => import('./views/Dashboard.vue')),
      page('clues', 'clues', '线索管理', () => import('./views/Clues.vue')),
      page('cases', 'cases', '案件管理', () => import('./views/Cases.vue')),
      page('projects', 'projects', '项目', () => import('./views/Projects.vue')),
      page('projects/:code', 'project', '项目详情', () => import('./views/ProjectDetail.vue'), { menu: '/projects', parent: { title: '项目', path: '/projects' } }),
      page('enterprises', 'enterprises', '企业', () => import('./views/Enterprises.vue')),
      page('blacklist', 'blacklist', '失信名单', () => import('./views/Blacklist.vue')),
      page('ratings', 'ratings', '信用评价', () => import('./views/Ratings.vue')),
      page('incidents', 'incidents', '突发事件', () => import('./views/Incidents.vue')),
      page('zero-reports', 'zero-reports', '零报告', () => import('./views/ZeroReports.vue')),
      page('supervision', 'supervision', '督查督办', () => import('./views/Supervision.vue')),
      page('workers', 'workers', '劳动者', () => import('./views/Workers.vue')),
      page('warnings', 'warnings', '预警', () => import('./views/Warnings.vue')),
      page('ledger', 'ledger', '风险台账', () => import('./views/Ledger.vue')),
      page('clearance', 'clearance', '两清零', () => import('./views/Clearance.vue')),
      page('fund', 'fund', '应急周转金', () => import('./views/Fund.vue')),
      page('reports', 'reports', '统计报表', () => import('./views/Reports.vue')),
      page('notifications', 'notifications', '通知', () => import('./views/Notifications.vue')),
      page('imports', 'imports', '数据导入', () => import('./views/Imports.vue')),
      page('users', 'users', '用户', () => import('./views/Users.vue')),
      page('tokens', 'tokens', '接口令牌', () => import('./views/Tokens.vue')),
      page('audit', 'audit', '审计日志', () => import('./views/Audit.vue')),
    ],
  },
  { path: '/:rest(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue'), meta: { public: true, title: '页面不存在' } },
]

const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  document.title = (to.meta.title ? to.meta.title + ' · ' : '') + '治欠'
  if (to.meta.public) return true
  if (!session.loaded) await loadMe()
  if (!session.user) return { path: '/login', query: to.fullPath !== '/dashboard' ? { redirect: to.fullPath } : {} }
  if (to.meta.roles && !hasRole(to.meta.roles)) return { path: '/dashboard' }
  return true
})

export default router
