// Labels in English and Chinese; the choice is kept in localStorage. t(key, values) fills {name} slots.
const strings = {
  en: {
    'app.title': 'TelemetryGateway',
    'nav.clinic': 'Clinic', 'nav.doctor': 'Village doctor', 'nav.ambulance': 'Ambulances',
    'auth.signIn': 'Sign in', 'auth.signOut': 'Sign out', 'auth.user': 'User', 'auth.password': 'Password',
    'auth.failed': 'Sign-in failed: wrong user or password.', 'auth.title': 'Sign in to the dashboard',
    'auth.ended': 'Your session has ended; sign in again.',
    'live.connecting': 'connecting…', 'live.live': 'live', 'live.offline': 'offline – reconnecting',
    'role.administrator': 'administrator', 'role.clinic-staff': 'clinic staff', 'role.village-doctor': 'village doctor', 'role.emergency-physician': 'emergency physician',
    'clinic.uncontrolled': 'Out of control now', 'clinic.alerts': 'Open alerts', 'clinic.overdue': 'Overdue follow-ups',
    'clinic.patients': 'All patients', 'clinic.none': 'None.',
    'col.patient': 'Patient', 'col.bp': 'BP', 'col.glucose': 'Glucose', 'col.lastVisit': 'Last visit', 'col.due': 'Follow-up due',
    'col.why': 'Why', 'col.device': 'Device', 'col.kinds': 'Measures', 'col.measured': 'Last measured', 'col.synced': 'Synced to hub',
    'col.gateway': 'Gateway', 'col.connected': 'Connection', 'col.lastContact': 'Last contact', 'col.waiting': 'Waiting in buffer',
    'col.oldestWaiting': 'Oldest waiting since', 'col.lastAck': 'Last acknowledged', 'col.clinic': 'Clinic', 'col.doctor': 'Village doctor',
    'why.bp-high': 'BP above target', 'why.glucose-high': 'glucose high', 'why.glucose-low': 'glucose low',
    'alert.acknowledge': 'Acknowledge', 'alert.resolve': 'Resolve', 'alert.note': 'Note', 'alert.notePlaceholder': 'note (optional)',
    'alert.state.raised': 'raised', 'alert.state.acknowledged': 'acknowledged', 'alert.state.resolved': 'resolved',
    'alert.by': 'by {by}', 'alert.followUpDue': 'second follow-up due {time}', 'alert.referral': 'referral',
    'alert.level1': 'village doctor notified', 'alert.level2': 'clinic lead and family notified', 'alert.failed': 'Action failed: {error}',
    'sev.advisory': 'advisory', 'sev.warning': 'warning', 'sev.urgent': 'urgent', 'sev.emergency': 'emergency',
    'patient.trends': 'Trends', 'patient.weeks': '{n} weeks', 'patient.bp': 'Blood pressure (mmHg)', 'patient.glucose': 'Glucose (mmol/L)',
    'patient.target': 'target', 'patient.systolic': 'systolic', 'patient.diastolic': 'diastolic', 'patient.noData': 'No readings in this period.', 'patient.back': '← back', 'patient.devices': 'Devices',
    'patient.alerts': 'Alerts', 'patient.refused': 'You may not see patient {id}: it is not in your scope.',
    'doctor.patients': 'My patients', 'doctor.devices': 'Devices: synced when', 'doctor.gateways': 'Gateways: readings still waiting',
    'doctor.connected': 'connected', 'doctor.disconnected': 'disconnected', 'doctor.empty': 'empty', 'doctor.unknown': 'not reported',
    'doctor.waiting': '{n} readings', 'doctor.never': 'never',
    'amb.none': 'No inbound ambulance.', 'amb.linkLost': 'Link lost since {time}', 'amb.linkOk': 'live',
    'amb.backfilled': 'Back-filled {n} s of data from {from} to {to}', 'amb.eta': 'ETA', 'amb.position': 'Last position',
    'amb.destination': 'Destination', 'amb.noPosition': 'no position reported', 'amb.alarms': 'Alarms', 'amb.noAlarms': 'No alarms.',
    'amb.leadsOff': 'Leads off', 'amb.battery': 'Monitor battery low',
    'amb.trend': 'Last 5 minutes', 'amb.lastData': 'last data {time}', 'amb.minutes': '{n} min',
    'k.heart.rate': 'HR', 'k.spo2': 'SpO₂', 'k.bp': 'NIBP', 'k.resp.rate': 'RR', 'k.etco2': 'EtCO₂', 'k.body.temperature': 'Temp',
    'k.pulse.rate': 'Pulse', 'k.ecg': 'ECG II',
    'rule.bp.hypertension': 'Hypertension', 'rule.glucose.high': 'High glucose', 'rule.glucose.low': 'Low glucose',
    'rule.news2': 'NEWS2 early warning score', 'rule.spo2.sustained-low': 'SpO₂ low (sustained)', 'rule.spo2.falling': 'SpO₂ falling',
    'rule.stale.feed': 'Monitor feed silent', 'rule.stale.link': 'Ambulance link lost', 'rule.stale.follow-up': 'Missed follow-up',
    'rule.threshold': 'Patient limit: {kind}',
    'err.load': 'Could not load: {error}',
  },
  zh: {
    'app.title': '远程监护网关',
    'nav.clinic': '诊所', 'nav.doctor': '村医', 'nav.ambulance': '救护车',
    'auth.signIn': '登录', 'auth.signOut': '退出', 'auth.user': '用户名', 'auth.password': '密码',
    'auth.failed': '登录失败：用户名或密码错误。', 'auth.title': '登录监护面板',
    'auth.ended': '会话已结束，请重新登录。',
    'live.connecting': '连接中…', 'live.live': '实时', 'live.offline': '离线 – 正在重连',
    'role.administrator': '管理员', 'role.clinic-staff': '诊所医护', 'role.village-doctor': '村医', 'role.emergency-physician': '急诊医生',
    'clinic.uncontrolled': '当前控制不佳', 'clinic.alerts': '未关闭的警报', 'clinic.overdue': '逾期随访',
    'clinic.patients': '全部患者', 'clinic.none': '无。',
    'col.patient': '患者', 'col.bp': '血压', 'col.glucose': '血糖', 'col.lastVisit': '上次随访', 'col.due': '随访到期',
    'col.why': '原因', 'col.device': '设备', 'col.kinds': '测量项目', 'col.measured': '最近测量', 'col.synced': '同步到中心',
    'col.gateway': '网关', 'col.connected': '连接', 'col.lastContact': '最近联系', 'col.waiting': '缓存中待传',
    'col.oldestWaiting': '最早待传时间', 'col.lastAck': '最近确认', 'col.clinic': '诊所', 'col.doctor': '村医',
    'why.bp-high': '血压超标', 'why.glucose-high': '血糖偏高', 'why.glucose-low': '血糖偏低',
    'alert.acknowledge': '确认', 'alert.resolve': '解决', 'alert.note': '备注', 'alert.notePlaceholder': '备注（可选）',
    'alert.state.raised': '新警报', 'alert.state.acknowledged': '已确认', 'alert.state.resolved': '已解决',
    'alert.by': '处理人 {by}', 'alert.followUpDue': '二次随访截止 {time}', 'alert.referral': '转诊',
    'alert.level1': '已通知村医', 'alert.level2': '已通知诊所负责人和家属', 'alert.failed': '操作失败：{error}',
    'sev.advisory': '提示', 'sev.warning': '警告', 'sev.urgent': '紧急', 'sev.emergency': '危急',
    'patient.trends': '趋势', 'patient.weeks': '{n} 周', 'patient.bp': '血压 (mmHg)', 'patient.glucose': '血糖 (mmol/L)',
    'patient.target': '目标', 'patient.systolic': '收缩压', 'patient.diastolic': '舒张压', 'patient.noData': '此期间无读数。', 'patient.back': '← 返回', 'patient.devices': '设备',
    'patient.alerts': '警报', 'patient.refused': '您无权查看患者 {id}：不在您的范围内。',
    'doctor.patients': '我的患者', 'doctor.devices': '设备同步时间', 'doctor.gateways': '网关：尚待上传的读数',
    'doctor.connected': '已连接', 'doctor.disconnected': '未连接', 'doctor.empty': '无', 'doctor.unknown': '未报告',
    'doctor.waiting': '{n} 条读数', 'doctor.never': '从未',
    'amb.none': '暂无来院救护车。', 'amb.linkLost': '自 {time} 起链路中断', 'amb.linkOk': '实时',
    'amb.backfilled': '已补传 {n} 秒数据（{from} 至 {to}）', 'amb.eta': '预计到达', 'amb.position': '最后位置',
    'amb.destination': '目的地', 'amb.noPosition': '未报告位置', 'amb.alarms': '报警', 'amb.noAlarms': '无报警。',
    'amb.leadsOff': '导联脱落', 'amb.battery': '监护仪电量低',
    'amb.trend': '最近 5 分钟', 'amb.lastData': '最后数据 {time}', 'amb.minutes': '{n} 分钟',
    'k.heart.rate': '心率', 'k.spo2': '血氧', 'k.bp': '无创血压', 'k.resp.rate': '呼吸', 'k.etco2': '呼末CO₂', 'k.body.temperature': '体温',
    'k.pulse.rate': '脉率', 'k.ecg': '心电 II',
    'rule.bp.hypertension': '高血压', 'rule.glucose.high': '血糖偏高', 'rule.glucose.low': '血糖偏低',
    'rule.news2': 'NEWS2 早期预警评分', 'rule.spo2.sustained-low': '血氧持续偏低', 'rule.spo2.falling': '血氧下降',
    'rule.stale.feed': '监护数据中断', 'rule.stale.link': '救护车连接中断', 'rule.stale.follow-up': '随访逾期',
    'rule.threshold': '患者限值：{kind}',
    'err.load': '加载失败：{error}',
  },
};

let lang = localStorage.getItem('tg.lang') === 'zh' ? 'zh' : 'en';
const listeners = new Set();

export function t(key, values) {
  let text = strings[lang][key] ?? strings.en[key] ?? key;
  if (values) {
    for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

export const language = () => lang;

/** An alert rule's name in the chosen language (the alert's message comes from the rule engine, in English). */
export function ruleTitle(ruleId) {
  if (!ruleId) return '';
  if (strings.en['rule.' + ruleId]) return t('rule.' + ruleId);
  if (ruleId.startsWith('threshold.')) {
    const kind = ruleId.slice('threshold.'.length);
    return t('rule.threshold', { kind: strings.en['k.' + kind] ? t('k.' + kind) : kind });
  }
  return ruleId;
}

export function setLanguage(next) {
  lang = next === 'zh' ? 'zh' : 'en';
  localStorage.setItem('tg.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  translateStatic(document);
  listeners.forEach(f => f(lang));
}

export const onLanguage = f => listeners.add(f);

/** Elements with data-i18n get their text from the table (the static shell). */
export function translateStatic(root) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
}

const locale = () => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function fmtTime(value) {
  if (!value) return '–';
  return new Date(value).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtDateTime(value) {
  if (!value) return '–';
  return new Date(value).toLocaleString(locale(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function fmtDate(value) {
  if (!value) return '–';
  return new Date(value).toLocaleDateString(locale(), { month: 'short', day: 'numeric' });
}

export function fmtNumber(value, digits = 0) {
  return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
}
