import type { MessageBundle } from '../i18n/types.js';

export const leukemiaCourseMessages = {
  en: {
    'leukemia-course.title': 'The acute leukemia course, step by step',
    'leukemia-course.summary.all': '{steps} steps from diagnostic workup to follow-up (AML and ALL)',
    'leukemia-course.summary.disease': '{steps} steps from diagnostic workup to follow-up, {disease} path',
    'leukemia-course.step-diagnosis-workup':
      'Diagnostic workup: CBC and smear, marrow, flow cytometry, karyotype and molecular tests, lumbar puncture for ALL; the treatment path is confirmed with the team once the results are in (leukemia-workup planner). Owner: {yields}.',
    'leukemia-course.step-risk-classification':
      'Risk classification: AML by ELN 2022 genetic risk (eln2022 planner); ALL by Ph status, lineage and phase (all-pathway planner). Owner: {yields}.',
    'leukemia-course.step-induction':
      'Induction: AML 7+3 with targeted drugs when fit, venetoclax with azacitidine when unfit; ALL multi-drug induction (no gating planner; done when the induction course is completed). Owner: {yields}.',
    'leukemia-course.step-response-assessment': 'Response and MRD assessment after induction: is residual disease detectable at the required sensitivity (mrd planner). Owner: {yields}.',
    'leukemia-course.step-consolidation':
      'Consolidation: AML by risk (high-dose cytarabine or transplant evaluation); ALL backbone, with blinatumomab for MRD-negative Ph-negative B-ALL (no gating planner; done when consolidation is completed). Owner: {yields}.',
    'leukemia-course.step-transplant-decision':
      'Transplant decision in first remission: AML intermediate or adverse risk, ALL Ph-positive or persistent MRD; signed by the physician (aml-first-line or all-pathway planner). Owner: {yields}.',
    'leukemia-course.step-follow-up': 'Follow-up: MRD monitoring and, for ALL, maintenance (no gating planner; done when follow-up ends). Owner: {yields}.',
    'leukemia-course.team-decision-within': 'Treatment path confirmed with the hematology-oncology team within 72 hours of the confirmed diagnosis.',
    'leukemia-course.workup-results-within': 'Marrow, flow cytometry, karyotype and molecular results expected within 7 days of sending.',
    'leukemia-course.induction-weeks': 'Induction lasts about 4-6 weeks (usually in hospital); response assessment at its end.',
    'leukemia-course.maintenance-years': 'ALL maintenance lasts 2-3 years.',
    'leukemia-course.disease-not-given': 'No disease given: the gates and deadlines of both AML and ALL are shown.',
  },
  'zh-TW': {
    'leukemia-course.title': '急性白血病療程逐步流程',
    'leukemia-course.summary.all': '從診斷檢查到追蹤共 {steps} 個步驟（AML 與 ALL）',
    'leukemia-course.summary.disease': '從診斷檢查到追蹤共 {steps} 個步驟，採用 {disease} 路徑',
    'leukemia-course.step-diagnosis-workup':
      '診斷檢查：全血球計數與抹片、骨髓、流式細胞儀、核型與分子檢測，ALL 另需腰椎穿刺；結果出爐後與團隊確認治療路徑（leukemia-workup 規劃工具）。負責人：{yields}。',
    'leukemia-course.step-risk-classification': '風險分層：AML 依 ELN 2022 基因風險（eln2022 規劃工具）；ALL 依 Ph 狀態、細胞系與病程階段（all-pathway 規劃工具）。負責人：{yields}。',
    'leukemia-course.step-induction':
      '誘導治療：AML 可耐受強效化療者 7+3 加標靶藥物，不適合者 venetoclax 併用 azacitidine；ALL 多藥誘導（無對應規劃工具；完成誘導療程即完成）。負責人：{yields}。',
    'leukemia-course.step-response-assessment': '誘導後反應與 MRD 評估：在所需敏感度下是否仍測得殘存疾病（mrd 規劃工具）。負責人：{yields}。',
    'leukemia-course.step-consolidation':
      '鞏固治療：AML 依風險（大劑量 cytarabine 或評估移植）；ALL 依骨架治療，MRD 陰性的 Ph 陰性 B-ALL 加 blinatumomab（無對應規劃工具；完成鞏固即完成）。負責人：{yields}。',
    'leukemia-course.step-transplant-decision':
      '第一次緩解時的移植決策：AML 中或高風險、ALL Ph 陽性或 MRD 持續陽性；由醫師簽署（aml-first-line 或 all-pathway 規劃工具）。負責人：{yields}。',
    'leukemia-course.step-follow-up': '追蹤：MRD 監測，ALL 另有維持治療（無對應規劃工具；追蹤結束即完成）。負責人：{yields}。',
    'leukemia-course.team-decision-within': '確診後 72 小時內與血液腫瘤團隊確認治療路徑。',
    'leukemia-course.workup-results-within': '骨髓、流式細胞儀、核型與分子檢測結果預期於送檢後 7 天內出爐。',
    'leukemia-course.induction-weeks': '誘導治療約 4 至 6 週（多需住院）；結束時評估治療反應。',
    'leukemia-course.maintenance-years': 'ALL 維持治療為期 2 至 3 年。',
    'leukemia-course.disease-not-given': '未提供疾病別：同時列出 AML 與 ALL 的把關工具與期限。',
  },
} as const satisfies MessageBundle;
