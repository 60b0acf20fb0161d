// Display helpers: money strings stay strings (no floating point on amounts).
export function yuan(s) {
  if (s === null || s === undefined || s === '') return '—'
  const str = String(s)
  const neg = str.startsWith('-')
  const [i, f] = (neg ? str.slice(1) : str).split('.')
  return (neg ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f !== undefined ? '.' + f : '')
}
// Yuan string to a number for charts only (never for sums shown as money).
export const num = (s) => (s === null || s === undefined || s === '' ? 0 : Number(s))
export const wan = (s) => Math.round(num(s) / 100) / 100
export const dt = (s) => (s ? String(s).replace('T', ' ').replace(/\+08:00$/, '') : '—')
export const yes = (b) => (b ? '是' : '否')
