import type { MessageBundle } from '../i18n/types.js';

export const carHematotoxMessages = {
  en: {
    'car-hematotox.title': 'CAR-HEMATOTOX score (risk of hematotoxicity after CAR-T, before lymphodepletion)',
    'car-hematotox.summary.low': 'CAR-HEMATOTOX {score}: low risk',
    'car-hematotox.summary.high': 'CAR-HEMATOTOX {score}: high risk',
    'car-hematotox.platelets-0': 'Platelets {observed} ({threshold}): 0 points.',
    'car-hematotox.platelets-1': 'Platelets {observed} (within {threshold}): 1 point.',
    'car-hematotox.platelets-2': 'Platelets {observed} ({threshold}): 2 points.',
    'car-hematotox.anc-0': 'ANC {observed} ({threshold}): 0 points.',
    'car-hematotox.anc-1': 'ANC {observed} ({threshold}): 1 point.',
    'car-hematotox.hemoglobin-0': 'Hemoglobin {observed} ({threshold}): 0 points.',
    'car-hematotox.hemoglobin-1': 'Hemoglobin {observed} ({threshold}): 1 point.',
    'car-hematotox.crp-0': 'CRP {observed} ({threshold}): 0 points.',
    'car-hematotox.crp-1': 'CRP {observed} ({threshold}): 1 point.',
    'car-hematotox.ferritin-0': 'Ferritin {observed} ({threshold}): 0 points.',
    'car-hematotox.ferritin-1': 'Ferritin {observed} (within {threshold}): 1 point.',
    'car-hematotox.ferritin-2': 'Ferritin {observed} ({threshold}): 2 points.',
    'car-hematotox.low-risk': 'Total {observed} points (0-1): low risk of hematotoxicity.',
    'car-hematotox.high-risk': 'Total {observed} points (2-7): high risk of hematotoxicity.',
    'car-hematotox.outcomes-low-LBCL':
      'Published LBCL cohort (n=235), its low-risk group: median {observed} days of severe neutropenia (ANC <500/µL, days 0-60; 95% CI 5-8); aplastic phenotype 2.6%; severe infections 8%; non-relapse mortality 0.9%.',
    'car-hematotox.outcomes-low-MCL':
      'Published MCL cohort (n=103), its low-risk group: median {observed} days of severe neutropenia (ANC <500/µL, days 0-60; 95% CI 5-7); aplastic phenotype 0%; severe infections 5%; non-relapse mortality 5%.',
    'car-hematotox.outcomes-low-MM':
      'Published MM cohort (n=113), its low-risk group: median {observed} days of severe neutropenia (ANC <500/µL, days 0-60; 95% CI 2-5); aplastic phenotype 3%; severe infections 5%; non-relapse mortality 3%.',
    'car-hematotox.outcomes-high-LBCL':
      'Published LBCL cohort (n=235), its high-risk group: median {observed} days of severe neutropenia (ANC <500/µL, days 0-60; 95% CI 10-16); aplastic phenotype 36%; severe infections 40%; non-relapse mortality 27%.',
    'car-hematotox.outcomes-high-MCL':
      'Published MCL cohort (n=103), its high-risk group: median {observed} days of severe neutropenia (ANC <500/µL, days 0-60; 95% CI 9-18); aplastic phenotype 47%; severe infections 30%; non-relapse mortality 28%.',
    'car-hematotox.outcomes-high-MM':
      'Published MM cohort (n=113), its high-risk group: median {observed} days of severe neutropenia (ANC <500/µL, days 0-60; 95% CI 7-13); aplastic phenotype 32%; severe infections 40%; non-relapse mortality 34%.',
    'car-hematotox.platelets-missing': 'Platelet count is missing: the score needs all five items, so no score is given.',
    'car-hematotox.anc-missing': 'ANC is missing: the score needs all five items, so no score is given.',
    'car-hematotox.hemoglobin-missing': 'Hemoglobin is missing: the score needs all five items, so no score is given.',
    'car-hematotox.crp-missing': 'CRP is missing: the score needs all five items, so no score is given.',
    'car-hematotox.ferritin-missing': 'Ferritin is missing: the score needs all five items, so no score is given.',
    'car-hematotox.timing': 'The score uses the baseline values taken before lymphodepletion (about day -5); values from later days do not fit it.',
    'car-hematotox.sensitivity-specificity': 'The score is highly sensitive but less specific: a high-risk result flags many patients who will not develop severe hematotoxicity. Interpret it with the clinical picture.',
    'car-hematotox.developed-in-lbcl': 'The score was developed and validated in large B-cell lymphoma (LBCL); here it is applied to {disease}.',
    'car-hematotox.b-all-reference-only': 'B-ALL (adults or children) is outside the populations the score was built for: use the result for reference only (off-label).',
    'car-hematotox.other-disease-not-validated': 'No published validation for this disease: the risk group and the outcome figures are reference values only.',
    'car-hematotox.gcsf-prophylaxis': 'High risk: consider prophylactic G-CSF {dose} {frequency}, starting on day +2 after infusion.',
    'car-hematotox.marrow-examination': 'High risk: consider a bone marrow examination before leukapheresis or lymphodepletion to assess marrow reserve and infiltration.',
    'car-hematotox.infection-prophylaxis':
      'High risk: plan anti-infective prophylaxis by individual risk; once ANC falls below 500/µL, consider antibacterial and antifungal prophylaxis (Table 15).',
    'car-hematotox.weight-missing': 'Body weight is missing: the G-CSF dose is shown per kg.',
    'car-hematotox.low-risk-gcsf-optional': 'Low risk: prophylactic G-CSF may not be needed.',
    'car-hematotox.low-risk-no-antibacterial': 'Low risk: antibacterial prophylaxis (for example a fluoroquinolone) is not recommended.',
  },
  'zh-TW': {
    'car-hematotox.title': 'CAR-HEMATOTOX 評分（CAR-T 後血球毒性風險，於淋巴細胞清除性化療前評估）',
    'car-hematotox.summary.low': 'CAR-HEMATOTOX {score} 分：低風險',
    'car-hematotox.summary.high': 'CAR-HEMATOTOX {score} 分：高風險',
    'car-hematotox.platelets-0': '血小板 {observed}（{threshold}）：0 分。',
    'car-hematotox.platelets-1': '血小板 {observed}（介於 {threshold}）：1 分。',
    'car-hematotox.platelets-2': '血小板 {observed}（{threshold}）：2 分。',
    'car-hematotox.anc-0': 'ANC {observed}（{threshold}）：0 分。',
    'car-hematotox.anc-1': 'ANC {observed}（{threshold}）：1 分。',
    'car-hematotox.hemoglobin-0': '血紅素 {observed}（{threshold}）：0 分。',
    'car-hematotox.hemoglobin-1': '血紅素 {observed}（{threshold}）：1 分。',
    'car-hematotox.crp-0': 'CRP {observed}（{threshold}）：0 分。',
    'car-hematotox.crp-1': 'CRP {observed}（{threshold}）：1 分。',
    'car-hematotox.ferritin-0': '鐵蛋白 {observed}（{threshold}）：0 分。',
    'car-hematotox.ferritin-1': '鐵蛋白 {observed}（介於 {threshold}）：1 分。',
    'car-hematotox.ferritin-2': '鐵蛋白 {observed}（{threshold}）：2 分。',
    'car-hematotox.low-risk': '總分 {observed}（0-1 分）：血球毒性低風險。',
    'car-hematotox.high-risk': '總分 {observed}（2-7 分）：血球毒性高風險。',
    'car-hematotox.outcomes-low-LBCL':
      '已發表的 LBCL 族群（n=235）中的低風險組：嚴重嗜中性球低下（ANC <500/µL，第 0-60 天）天數中位數 {observed} 天（95% CI 5-8）；再生不良型 2.6%；嚴重感染 8%；非復發相關死亡 0.9%。',
    'car-hematotox.outcomes-low-MCL':
      '已發表的 MCL 族群（n=103）中的低風險組：嚴重嗜中性球低下（ANC <500/µL，第 0-60 天）天數中位數 {observed} 天（95% CI 5-7）；再生不良型 0%；嚴重感染 5%；非復發相關死亡 5%。',
    'car-hematotox.outcomes-low-MM':
      '已發表的 MM 族群（n=113）中的低風險組：嚴重嗜中性球低下（ANC <500/µL，第 0-60 天）天數中位數 {observed} 天（95% CI 2-5）；再生不良型 3%；嚴重感染 5%；非復發相關死亡 3%。',
    'car-hematotox.outcomes-high-LBCL':
      '已發表的 LBCL 族群（n=235）中的高風險組：嚴重嗜中性球低下（ANC <500/µL，第 0-60 天）天數中位數 {observed} 天（95% CI 10-16）；再生不良型 36%；嚴重感染 40%；非復發相關死亡 27%。',
    'car-hematotox.outcomes-high-MCL':
      '已發表的 MCL 族群（n=103）中的高風險組：嚴重嗜中性球低下（ANC <500/µL，第 0-60 天）天數中位數 {observed} 天（95% CI 9-18）；再生不良型 47%；嚴重感染 30%；非復發相關死亡 28%。',
    'car-hematotox.outcomes-high-MM':
      '已發表的 MM 族群（n=113）中的高風險組：嚴重嗜中性球低下（ANC <500/µL，第 0-60 天）天數中位數 {observed} 天（95% CI 7-13）；再生不良型 32%；嚴重感染 40%；非復發相關死亡 34%。',
    'car-hematotox.platelets-missing': '缺少血小板數值：本評分須五項俱全，故不計算分數。',
    'car-hematotox.anc-missing': '缺少 ANC：本評分須五項俱全，故不計算分數。',
    'car-hematotox.hemoglobin-missing': '缺少血紅素：本評分須五項俱全，故不計算分數。',
    'car-hematotox.crp-missing': '缺少 CRP：本評分須五項俱全，故不計算分數。',
    'car-hematotox.ferritin-missing': '缺少鐵蛋白：本評分須五項俱全，故不計算分數。',
    'car-hematotox.timing': '本評分採用淋巴細胞清除性化療前（約第 -5 天）的基準檢驗值；之後的檢驗值不適用。',
    'car-hematotox.sensitivity-specificity': '本評分敏感度高但特異度較低：高風險結果中有不少病人最終不會發生嚴重血球毒性，請配合臨床狀況判讀。',
    'car-hematotox.developed-in-lbcl': '本評分係於大 B 細胞淋巴瘤 (LBCL) 建立與驗證；此處用於 {disease}。',
    'car-hematotox.b-all-reference-only': 'B-ALL（成人或兒童）不在本評分建立的族群內：結果僅供參考（適應症外使用）。',
    'car-hematotox.other-disease-not-validated': '此疾病尚無已發表的驗證：風險分組與預後數據僅供參考。',
    'car-hematotox.gcsf-prophylaxis': '高風險：考慮預防性 G-CSF {dose}，{frequency}，自輸注後第 +2 天開始。',
    'car-hematotox.marrow-examination': '高風險：考慮於白血球分離術或淋巴細胞清除性化療前做骨髓檢查，評估骨髓儲備與浸潤情形。',
    'car-hematotox.infection-prophylaxis': '高風險：依個人風險規劃感染預防；ANC 降至 500/µL 以下時，考慮預防性抗細菌與抗黴菌藥物（表十五）。',
    'car-hematotox.weight-missing': '缺少體重：G-CSF 劑量以每公斤劑量顯示。',
    'car-hematotox.low-risk-gcsf-optional': '低風險：預防性 G-CSF 可能不需要。',
    'car-hematotox.low-risk-no-antibacterial': '低風險：不建議預防性抗細菌藥物（例如 fluoroquinolone 類）。',
  },
} as const satisfies MessageBundle;
