// The region table (GET /regions?parent=, public), read level by level and
// kept for the session: the regions under a user's region for the forms.
import { get } from '../api.js'

const cache = new Map()
export function children(code) {
  if (!cache.has(code))
    cache.set(code, get('/regions', { parent: code, limit: 500 }).then((d) => (d && d.items) || []).catch(() => { cache.delete(code); return [] }))
  return cache.get(code)
}
const isLeaf = (code) => !/00$/.test(String(code || ''))
// Every region below `code` (cities and their counties for a province).
export async function regionsUnder(code) {
  if (!code || isLeaf(code)) return []
  const kids = await children(code)
  const deeper = await Promise.all(kids.filter((k) => !isLeaf(k.code)).map((k) => children(k.code)))
  return [...kids, ...deeper.flat()]
}
// The county-level regions in the scope of `code` (the code itself when it is one).
export async function countiesUnder(code, name) {
  if (isLeaf(code)) return [{ code, name: name || code, level: 3 }]
  return (await regionsUnder(code)).filter((r) => isLeaf(r.code))
}
