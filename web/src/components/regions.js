// The region table (GET /regions, public) read once, and the regions under
// a user's region: a code's prefix without its trailing "00" pairs.
import { get } from '../api.js'

let cache = null
export async function regions() {
  if (!cache) cache = get('/regions').then((d) => (d && d.items) || []).catch(() => { cache = null; return [] })
  return cache
}
export function prefixOf(code) {
  const c = String(code || '')
  if (/^\d{2}0000$/.test(c)) return c.slice(0, 2)
  if (/^\d{4}00$/.test(c)) return c.slice(0, 4)
  return c
}
// The county-level regions in the scope of `code` (the code itself when it is one).
export async function countiesUnder(code, level = 3) {
  const p = prefixOf(code)
  return (await regions()).filter((r) => r.level === level && r.code.startsWith(p))
}
export async function regionsUnder(code) {
  const p = prefixOf(code)
  return (await regions()).filter((r) => r.code.startsWith(p) && r.level >= 2)
}
