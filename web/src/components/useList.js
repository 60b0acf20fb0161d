// Cursor pagination for the filter bar + table + pager pages: the stack of
// cursors lets the user go back; filters restart at page 1.
import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { list } from '../api.js'

export function useList(path, filters, opts = {}) {
  const s = reactive({
    items: [], raw: null, loading: false, missing: false, error: '',
    page: 1, limit: opts.limit || 20, cursors: [null], next: null,
  })
  async function fetchPage() {
    s.loading = true
    s.error = ''
    try {
      const p = typeof path === 'function' ? path() : path
      const params = { ...(typeof filters === 'function' ? filters() : filters), limit: s.limit, cursor: s.cursors[s.page - 1] }
      const r = await list(p, params)
      s.items = opts.map ? r.items.map(opts.map) : r.items
      s.next = r.next_cursor
      s.raw = r.raw || null
      s.missing = !!r.missing
    } catch (e) {
      s.items = []
      s.next = null
      s.error = e.message
      ElMessage.error(e.message)
    } finally {
      s.loading = false
    }
  }
  return {
    s,
    reload: () => { s.page = 1; s.cursors = [null]; return fetchPage() },
    refresh: fetchPage,
    next: () => { if (!s.next) return; s.cursors[s.page] = s.next; s.page++; return fetchPage() },
    prev: () => { if (s.page <= 1) return; s.page--; return fetchPage() },
    setLimit: (n) => { s.limit = n; s.page = 1; s.cursors = [null]; return fetchPage() },
  }
}
