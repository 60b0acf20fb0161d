// Browser-side checks of what people type; the server checks again.

// GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const C = '10X98765432'
export function idCardError(v) {
  const s = String(v || '').trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X'
  const y = +s.slice(6, 10), m = +s.slice(10, 12), d = +s.slice(12, 14)
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || dt > new Date())
    return '身份证号中的出生日期不正确'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += +s[i] * W[i]
  if (C[sum % 11] !== s[17]) return '身份证号校验位不正确，请核对后重新输入'
  return ''
}

export function phoneError(v) {
  const s = String(v || '').trim()
  if (/^1[3-9]\d{9}$/.test(s)) return ''
  if (/^0\d{2,3}-?\d{7,8}$/.test(s)) return ''
  return '请输入 11 位手机号（或带区号的固定电话）'
}

export function moneyError(v) {
  return /^\d{1,12}(\.\d{1,2})?$/.test(String(v || '').trim()) ? '' : '金额应为数字，最多两位小数'
}
