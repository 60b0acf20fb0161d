// The one place that talks to /api/v1: JSON in and out, the CSRF header on
// state-changing requests, Chinese error messages from {"error":{…}}.
// A route the server does not have yet (404 no_route) is not an error for
// the pages: list() and optional() answer "nothing there" so that the page
// shows its empty state.

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    super(e.message || `请求失败（HTTP ${status}）`)
    this.status = status
    this.code = e.code || 'http_' + status
    this.field = e.field || null
    this.errors = (body && body.errors) || null
  }
  get missingRoute() {
    return this.status === 404 && this.code === 'no_route'
  }
}

function cookie(name) {
  const m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'))
  return m ? decodeURIComponent(m[1]) : ''
}

export function csrfToken() {
  return sessionStorage.getItem('zq_csrf') || cookie('zq_csrf')
}
export function setCsrf(t) {
  if (t) sessionStorage.setItem('zq_csrf', t)
  else sessionStorage.removeItem('zq_csrf')
}

export function qs(params) {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '') u.set(k, v)
  const s = u.toString()
  return s ? '?' + s : ''
}

export async function api(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers }
  const init = { method, headers: h, credentials: 'same-origin' }
  if (body !== undefined) {
    h['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const t = csrfToken()
    if (t) h['X-CSRF-Token'] = t
  }
  let res
  try {
    res = await fetch('/api/v1' + path, init)
  } catch {
    throw new ApiError(0, { error: { code: 'network', message: '无法连接服务器，请检查网络后重试' } })
  }
  if (res.status === 204) return null
  const text = await res.text()
  let data = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (res.status === 401 && !path.startsWith('/session') && !path.startsWith('/public'))
      window.dispatchEvent(new CustomEvent('zq-unauthenticated'))
    throw err
  }
  return data
}

export const get = (path, params) => api('GET', path + qs(params))
export const post = (path, body) => api('POST', path, body ?? {})

// A page of a list; a route not there yet gives an empty page marked missing.
export async function list(path, params) {
  try {
    const d = await get(path, params)
    if (Array.isArray(d)) return { items: d, next_cursor: null }
    return { items: (d && d.items) || [], next_cursor: (d && d.next_cursor) || null, raw: d }
  } catch (e) {
    if (e instanceof ApiError && (e.missingRoute || e.status === 403))
      return { items: [], next_cursor: null, missing: true }
    throw e
  }
}

// Every page of a list up to max items (for charts over the caller's scope).
export async function listAll(path, params, max = 2000) {
  const items = []
  let cursor = null
  let missing = false
  do {
    const p = await list(path, { ...params, limit: 500, cursor })
    missing = missing || !!p.missing
    items.push(...p.items)
    cursor = p.next_cursor
  } while (cursor && items.length < max)
  return { items, missing }
}

// One object or null when the route is missing (or the object is not found).
export async function optional(path, params) {
  try {
    return await get(path, params)
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null
    throw e
  }
}

// Upload a file as the request body with progress (fetch has no upload progress).
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest()
    x.open('POST', '/api/v1' + path)
    const name = file.name.toLowerCase()
    x.setRequestHeader(
      'Content-Type',
      name.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : name.endsWith('.csv')
          ? 'text/csv'
          : 'application/octet-stream',
    )
    x.setRequestHeader('Accept', 'application/json')
    const t = csrfToken()
    if (t) x.setRequestHeader('X-CSRF-Token', t)
    x.upload.onprogress = (ev) => {
      if (ev.lengthComputable) onProgress(Math.round((ev.loaded * 100) / ev.total))
    }
    x.onload = () => {
      let data = null
      try {
        data = JSON.parse(x.responseText)
      } catch {
        data = null
      }
      if (x.status >= 200 && x.status < 300) resolve(data)
      else reject(new ApiError(x.status, data))
    }
    x.onerror = () => reject(new ApiError(0, { error: { message: '上传中断，请检查网络后重试' } }))
    x.send(file)
  })
}

// CSV text (UTF-8 with BOM so that Excel opens it) downloaded as a file.
export function downloadCsv(filename, header, rows) {
  const esc = (v) => {
    const s = v === null || v === undefined ? '' : String(v)
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
  }
  const text = [header, ...rows].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n'
  const blob = new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}
