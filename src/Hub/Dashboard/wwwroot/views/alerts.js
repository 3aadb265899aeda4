// An alert as a card: severity, message, patient, escalation, and acknowledge / resolve with a note.
import { post } from '../api.js';
import { el } from '../dom.js';
import { t, fmtDateTime, fmtNumber, ruleTitle } from '../i18n.js';

// Notes being typed, by alert id: the list is rebuilt whenever any alert changes, and a half-typed note must
// survive that (and be the one sent), not vanish under the user's fingers.
const drafts = new Map();

/** The cards of a list of alerts; the note input that had the focus before a rebuild gets it back. */
export function alertList(alerts, ctx, onChanged) {
  const active = document.activeElement;
  const focused = active?.matches?.('article.alert input.note') ? active.closest('article.alert').dataset.alert : null;
  const caret = focused ? active.selectionStart : null;
  const list = el('div.alert-list', alerts.map(a => alertCard(a, ctx, onChanged)));
  if (focused) {
    // The caller puts the list in the page right after this returns.
    queueMicrotask(() => {
      const input = list.querySelector(`article.alert[data-alert="${focused}"] input.note`);
      input?.focus();
      if (input && caret !== null) input.setSelectionRange(caret, caret);
    });
  }
  return list;
}

export function alertCard(alert, ctx, onChanged) {
  const key = String(alert.id);
  const note = el('input.note', {
    type: 'text', placeholder: t('alert.notePlaceholder'), 'aria-label': t('alert.note'),
    oninput: e => { if (e.target.value) drafts.set(key, e.target.value); else drafts.delete(key); },
  });
  note.value = drafts.get(key) ?? '';
  const error = el('span.error');
  const act = action => async () => {
    try {
      await post(`/api/alerts/${alert.id}/${action}`, { note: note.value.trim() || null });
      drafts.delete(key);
      onChanged?.();
    } catch (e) {
      error.textContent = t('alert.failed', { error: e.message });
    }
  };
  const value = alert.value === null || alert.value === undefined ? '' : ` ${fmtNumber(alert.value, alert.value % 1 ? 1 : 0)} ${alert.unit ?? ''}`;
  const who = alert.patientId
    ? el('a', { href: `#/patient/${encodeURIComponent(alert.patientId)}` }, alert.patientId)
    : alert.deviceId;
  const facts = [
    t('alert.state.' + alert.state),
    alert.acknowledged ? t('alert.by', { by: alert.acknowledged.by }) + (alert.acknowledged.note ? ` – “${alert.acknowledged.note}”` : '') : null,
    alert.escalationLevel >= 2 ? t('alert.level2') : alert.escalationLevel === 1 ? t('alert.level1') : null,
    alert.followUpDue ? t('alert.followUpDue', { time: fmtDateTime(alert.followUpDue) }) : null,
    alert.referral ? t('alert.referral') : null,
  ].filter(Boolean).join(' · ');
  return el('article.alert', { dataset: { severity: alert.severity, state: alert.state, alert: alert.id } },
    el('header',
      el('span.sev', t('sev.' + alert.severity)),
      el('strong', who),
      el('span.muted', fmtDateTime(alert.raisedAt))),
    el('p', el('strong.rule', ruleTitle(alert.ruleId)), ' – ', alert.message + value),
    el('p.muted.small', facts),
    el('div.actions',
      note,
      alert.state === 'raised' ? el('button.ack', { type: 'button', onclick: act('acknowledge') }, t('alert.acknowledge')) : null,
      el('button.resolve', { type: 'button', onclick: act('resolve') }, t('alert.resolve')),
      error));
}
