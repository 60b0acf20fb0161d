// Chinese labels of the codes the API uses.
export const WARN_STATUS = {
  open: '待处置', acknowledged: '已签收', assigned: '已交办', notified: '已发整改通知',
  replied: '企业已回复', reviewed: '已复核', resolved: '已解除', dismissed: '已排除',
}
export const DEPTS = {
  hrss: '人社', housing: '住建', transport: '交通', water: '水利', agri: '农业农村', ndrc: '发改',
  finance: '财政', police: '公安', petition: '信访', cac: '网信', justice: '司法', market: '市场监管',
  tax: '税务', sasac: '国资',
}
export const KINDS = {
  enterprises: '企业', projects: '项目', subcontracts: '分包', accounts: '工资专户', deposits: '工资保证金',
  employment: '实名登记', attendance: '考勤', payroll: '工资支付表', txns: '专户流水',
  disbursements: '代发明细', payments: '工程款支付', cases: '历史案件', blacklist: '名单', clues: '线索',
}
export const SUBJECT = { project: '项目', enterprise: '企业', clue: '线索', case: '案件', region: '地区' }
