// Who is logged in, and what each role may open (SPEC §9; docs/security.md).
import { reactive } from 'vue'
import { api, get, setCsrf } from './api.js'

export const session = reactive({ user: null, loaded: false })

export const ROLE_NAMES = {
  admin: '系统管理员',
  leader: '治欠办',
  inspector: '劳动保障监察',
  dept_officer: '行业主管部门',
  enterprise: '企业',
  bank: '银行',
}

export async function loadMe() {
  try {
    const me = await get('/me')
    session.user = me && me.user ? me.user : null
  } catch {
    session.user = null
  }
  session.loaded = true
  return session.user
}

export async function login(username, password) {
  const d = await api('POST', '/session', { username, password })
  setCsrf(d.csrf_token)
  session.user = d.user
  session.loaded = true
  return d.user
}

export async function logout() {
  try {
    await api('DELETE', '/session')
  } catch {
    /* the session may already be gone */
  }
  setCsrf('')
  session.user = null
}

export function hasRole(roles) {
  return !roles || (session.user && roles.includes(session.user.role))
}

export const canReveal = () => hasRole(['admin', 'inspector'])
