import { message, PUBLICATIONS, registerMessages, render, getInstrument, type Lang, type PublicationKey } from '@cartographer/core';
import * as z from 'zod';
import { fromNeutral } from '../alerts/neutral.js';
import { ALERT_KINDS, alertText, localTime, type AlertKind } from '../alerts/kinds.js';
import type { Db } from '../db/connect.js';

/** A CDS Hooks card (CDS Hooks 1.0 / 2.0 §Card attributes). */
export const CardSchema = z.object({
  uuid: z.string().optional(),
  summary: z.string().max(140).describe('One line, under 140 characters.'),
  detail: z.string().optional().describe('GitHub-flavoured markdown.'),
  indicator: z.enum(['info', 'warning', 'critical']),
  source: z.object({ label: z.string(), url: z.string().optional() }),
});
export type Card = z.infer<typeof CardSchema>;

registerMessages({
  en: {
    'cds.handbook': 'Taiwan CAR-T Cell Therapy Handbook',
    'cds.seed-000': 'AML and ALL overview',
    'cds.not-assessable': '{name}: cannot assess (data missing)',
    'cds.next-step': 'Next step: {step} ({status})',
    'cds.step-status.pending': 'not started',
    'cds.step-status.in-progress': 'in progress',
    'cds.step-status.blocked': 'blocked',
    'cds.why': '**Why**',
    'cds.actions': '**Actions**',
    'cds.warnings': '**Warnings**',
    'cds.raised': 'Raised {at}.',
    'cds.due': 'Due {at}.',
    'cds.acknowledged': 'Acknowledged {at} by {by}.',
    'cds.escalated': 'Escalated {at} (not acknowledged in time).',
    'cds.assessed-at': 'Assessed {at}; ruleset {ruleset}.',
    'cds.owner': 'Owner: {role}.',
    'cds.step.referral': 'referral',
    'cds.step.eligibility': 'eligibility',
    'cds.step.washout': 'washout',
    'cds.step.leukapheresis': 'leukapheresis',
    'cds.step.cryopreservation-and-shipment': 'cryopreservation and shipment',
    'cds.step.manufacturing': 'manufacturing',
    'cds.step.bridging': 'bridging therapy',
    'cds.step.lymphodepletion': 'lymphodepletion (LDC)',
    'cds.step.receipt': 'product receipt',
    'cds.step.thaw-and-infusion': 'thaw and infusion',
    'cds.step.monitoring': 'day 0-30 monitoring',
    'cds.step.discharge': 'discharge',
    'cds.step.follow-up': 'long-term follow-up',
    'cds.service.title': 'CAR-T toxicity and course status',
    'cds.service.description': 'Current CRS, ICANS, IEC-HS and ICAHT grades, open alerts and the next step of the CAR-T course.',
  },
  'zh-TW': {
    'cds.handbook': '台灣 CAR-T 細胞治療手冊',
    'cds.seed-000': 'AML 與 ALL 概論',
    'cds.not-assessable': '{name}：無法評估（資料不足）',
    'cds.next-step': '下一步驟：{step}（{status}）',
    'cds.step-status.pending': '尚未開始',
    'cds.step-status.in-progress': '進行中',
    'cds.step-status.blocked': '受阻',
    'cds.why': '**判定依據**',
    'cds.actions': '**處置建議**',
    'cds.warnings': '**注意事項**',
    'cds.raised': '發出時間 {at}。',
    'cds.due': '期限 {at}。',
    'cds.acknowledged': '{by} 已於 {at} 確認。',
    'cds.escalated': '已於 {at} 升級通報（未及時確認）。',
    'cds.assessed-at': '評估時間 {at}；規則版本 {ruleset}。',
    'cds.owner': '負責角色：{role}。',
    'cds.step.referral': '轉介',
    'cds.step.eligibility': '適應症評估',
    'cds.step.washout': '藥物洗除期',
    'cds.step.leukapheresis': '白血球分離術',
    'cds.step.cryopreservation-and-shipment': '冷凍保存與運送',
    'cds.step.manufacturing': '細胞製備',
    'cds.step.bridging': '橋接治療',
    'cds.step.lymphodepletion': '淋巴細胞清除化療（LDC）',
    'cds.step.receipt': '產品接收',
    'cds.step.thaw-and-infusion': '解凍與輸注',
    'cds.step.monitoring': '第 0-30 天監測',
    'cds.step.discharge': '出院',
    'cds.step.follow-up': '長期追蹤',
    'cds.service.title': 'CAR-T 毒性與療程狀態',
    'cds.service.description': '目前 CRS、ICANS、IEC-HS 與 ICAHT 分級、未解除的警示，以及 CAR-T 療程的下一步驟。',
  },
});

const clip = (text: string) => (text.length < 140 ? text : `${text.slice(0, 138)}…`);

function source(lang: Lang, section: string, publication: PublicationKey): Card['source'] {
  const seed = section.startsWith('000') ? `${message(lang, 'cds.seed-000')} ${section.slice(4)}` : `${message(lang, 'cds.handbook')} ${section}`;
  const pub = PUBLICATIONS[publication];
  const author = pub.citation.split(',')[0] ?? '';
  const year = /(\d{4});/.exec(pub.citation)?.[1] ?? '';
  return { label: `${seed}; ${author} ${year}`.trim(), url: `https://doi.org/${pub.doi}` };
}

const GRADED = [
  { instrument: 'crs', name: 'CRS', kind: 'crs-grade' },
  { instrument: 'icans', name: 'ICANS', kind: 'icans-grade' },
  { instrument: 'iec-hs', name: 'IEC-HS', kind: 'iec-hs' },
  { instrument: 'icaht', name: 'ICAHT', kind: 'icaht-grade' },
] as const satisfies readonly { instrument: string; name: string; kind: AlertKind }[];

function gradeIndicator(instrument: string, value: unknown): Card['indicator'] {
  if (instrument === 'iec-hs') return (value as { criteriaMet?: boolean }).criteriaMet ? 'critical' : 'info';
  if (instrument === 'icaht') {
    const v = value as { early?: { grade: number } | null; late?: { grade: number } | null };
    const grade = Math.max(v.early?.grade ?? 0, v.late?.grade ?? 0);
    return grade >= 3 ? 'critical' : grade >= 1 ? 'warning' : 'info';
  }
  const grade = (value as { grade?: number }).grade ?? 0;
  return grade >= 2 ? 'critical' : grade === 1 ? 'warning' : 'info';
}

const bullets = (title: string, lines: readonly string[]) => (lines.length === 0 ? [] : ['', title, ...lines.map((l) => `- ${l}`)]);

/** Cards of the current grades, from each instrument's latest stored assessment. */
async function gradeCards(db: Db, patientId: string, lang: Lang, timeZone: string): Promise<Card[]> {
  const cards: Card[] = [];
  for (const g of GRADED) {
    const row = await db
      .selectFrom('assessments')
      .select(['id', 'result', 'assessed_at', 'ruleset_version'])
      .where('patient_id', '=', patientId)
      .where('instrument', '=', g.instrument)
      .orderBy('assessed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const assessment = row ? fromNeutral(row.result) : null;
    if (!row || !assessment) continue;
    const kind = ALERT_KINDS[g.kind];
    const meta = `${message(lang, 'cds.assessed-at', { at: localTime(row.assessed_at.toISOString(), timeZone), ruleset: row.ruleset_version })}`;
    if (assessment.status !== 'assessed' || assessment.value === null) {
      const rendered = render(assessment, lang);
      cards.push({
        uuid: row.id,
        summary: clip(message(lang, 'cds.not-assessable', { name: g.name })),
        indicator: 'warning',
        source: source(lang, kind.section, kind.publication),
        detail: [meta, ...bullets(message(lang, 'cds.warnings'), rendered.warnings.map((w) => w.text))].join('\n'),
      });
      continue;
    }
    const def = getInstrument(g.instrument);
    const rendered = render(assessment, lang, def ? def.summary(assessment.value) : {});
    cards.push({
      uuid: row.id,
      summary: clip(rendered.summary),
      indicator: gradeIndicator(g.instrument, assessment.value),
      source: source(lang, kind.section, kind.publication),
      detail: [
        meta,
        ...bullets(message(lang, 'cds.why'), rendered.basis.map((b) => b.text)),
        ...bullets(message(lang, 'cds.actions'), rendered.actions.map((a) => (a.dose ? `${a.text} (${a.dose.text})` : a.text))),
      ].join('\n'),
    });
  }
  return cards;
}

/** One card per live alert, most urgent first. */
async function alertCards(db: Db, patientId: string, lang: Lang, timeZone: string): Promise<Card[]> {
  const rows = await db
    .selectFrom('alerts')
    .leftJoin('users', 'users.id', 'alerts.acknowledged_by')
    .selectAll('alerts')
    .select('users.display_name as acknowledger')
    .where('alerts.patient_id', '=', patientId)
    .where('alerts.status', '<>', 'resolved')
    .orderBy('alerts.raised_at')
    .execute();
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return rows
    .map((r): Card => {
      const kind = (ALERT_KINDS as Record<string, (typeof ALERT_KINDS)[AlertKind] | undefined>)[r.kind];
      const severity = r.severity === 'critical' || r.severity === 'warning' ? r.severity : 'info';
      const lines = [message(lang, 'cds.raised', { at: localTime(r.raised_at.toISOString(), timeZone) })];
      if (r.due_at) lines.push(message(lang, 'cds.due', { at: localTime(r.due_at.toISOString(), timeZone) }));
      if (r.acknowledged_at) lines.push(message(lang, 'cds.acknowledged', { at: localTime(r.acknowledged_at.toISOString(), timeZone), by: r.acknowledger ?? '' }));
      if (r.escalated_at) lines.push(message(lang, 'cds.escalated', { at: localTime(r.escalated_at.toISOString(), timeZone) }));
      return {
        uuid: r.id,
        summary: clip(alertText(lang, r.kind, r.detail, timeZone)),
        indicator: severity,
        source: kind ? source(lang, kind.section, kind.publication) : { label: message(lang, 'cds.handbook') },
        detail: lines.join('\n\n'),
      };
    })
    .sort((a, b) => rank[a.indicator] - rank[b.indicator]);
}

/** The next step of the active course: the first one neither completed nor overridden. */
async function journeyCard(db: Db, patientId: string, lang: Lang): Promise<Card[]> {
  const step = await db
    .selectFrom('journey_steps')
    .innerJoin('episodes', 'episodes.id', 'journey_steps.episode_id')
    .select(['journey_steps.step', 'journey_steps.status', 'journey_steps.owner_role'])
    .where('episodes.patient_id', '=', patientId)
    .where('episodes.kind', '=', 'car-t-course')
    .where('episodes.ended_at', 'is', null)
    .where('journey_steps.status', 'not in', ['completed', 'overridden'])
    .orderBy('episodes.started_at', 'desc')
    .orderBy('journey_steps.position')
    .limit(1)
    .executeTakeFirst();
  if (!step) return [];
  const statusKey = `cds.step-status.${step.status}`;
  const status = message(lang, statusKey) === statusKey ? step.status : message(lang, statusKey);
  const stepKey = `cds.step.${step.step}`;
  const name = message(lang, stepKey) === stepKey ? step.step : message(lang, stepKey);
  const description = message(lang, `car-t-course.step-${step.step}`, { yields: step.owner_role });
  return [
    {
      summary: clip(message(lang, 'cds.next-step', { step: name, status })),
      indicator: step.status === 'blocked' ? 'warning' : 'info',
      source: source(lang, '§2 (CAR-T course)', 'hayden2022'),
      detail: [description, '', message(lang, 'cds.owner', { role: step.owner_role })].join('\n'),
    },
  ];
}

/** The patient-view cards: current grades, live alerts, the next step of the course. */
export async function patientViewCards(db: Db, patientId: string, lang: Lang, timeZone: string): Promise<Card[]> {
  return [...(await alertCards(db, patientId, lang, timeZone)), ...(await gradeCards(db, patientId, lang, timeZone)), ...(await journeyCard(db, patientId, lang))];
}
