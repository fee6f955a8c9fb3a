import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/journey/calendar.js';
import { POST_INFUSION_THRESHOLDS, type PostInfusionValue } from '../../src/journey/post-infusion.js';
import { actionRules, expectInputError, q, rulesOf, run } from '../support.js';

const INF = '2026-03-10';
const BASE = { infusionDate: INF, asOfDate: '2026-03-20' };
type Extra = Record<string, unknown>;
const plan = (extra: Extra = {}, lang: 'en' | 'zh-TW' = 'en') => run<PostInfusionValue>('post-infusion', { ...BASE, ...extra }, lang);
const warningRules = (r: { warnings: { rule: string }[] }) => r.warnings.map((w) => w.rule);
const action = (r: ReturnType<typeof plan>, rule: string) => r.actions.find((a) => a.rule === rule);

describe('irradiated blood products: 7 days before leukapheresis to day +90', () => {
  const leuka = '2026-02-01';
  it.each([
    [addDays(leuka, -8), 'not-yet'],
    [addDays(leuka, -7), 'required'],
    [INF, 'required'],
    [addDays(INF, 90), 'required'],
    [addDays(INF, 91), 'minimum-met'],
  ])('on %s: %s', (asOfDate, status) => {
    const r = plan({ leukapheresisDate: leuka, asOfDate });
    expect(r.value!.irradiatedBlood).toEqual({ from: '2026-01-25', until: '2026-06-08', status });
    expect(actionRules(r).includes('post-infusion.irradiate-blood-products')).toBe(status === 'required');
  });
  it('without the leukapheresis date the window is open from infusion, unknown before it', () => {
    expect(plan().value!.irradiatedBlood).toEqual({ from: null, until: '2026-06-08', status: 'required' });
    const before = plan({ asOfDate: '2026-03-01' });
    expect(before.value!.irradiatedBlood.status).toBe('unknown');
    expect(warningRules(before)).toContain('post-infusion.irradiation-leukapheresis-missing');
  });
});

describe('HBV prophylaxis for at least 6 months', () => {
  it.each([
    [{ hbsAg: 'positive' }, 'indicated', 'hbv.hbsAg'],
    [{ hbsAg: 'negative', antiHbc: 'positive' }, 'indicated', 'hbv.antiHbc'],
    [{ hbsAg: 'negative', antiHbc: 'negative' }, 'not-indicated', 'hbv'],
  ])('%o -> %s', (hbv, status, field) => {
    const r = plan({ hbv });
    expect(r.value!.hbv.status).toBe(status);
    expect(r.basis.some((b) => b.field === field)).toBe(true);
  });
  it('gives entecavir / tenofovir until infusion + 6 months inclusive, then the minimum is met', () => {
    const until = addMonths(INF, 6);
    expect(until).toBe('2026-09-10');
    const at = plan({ hbv: { hbsAg: 'positive', hbvDna: 'detected' }, asOfDate: until });
    expect(at.value!.hbv).toEqual({ status: 'indicated', minimumUntil: until, minimumMet: false });
    expect(action(at, 'post-infusion.hbv-prophylaxis')).toMatchObject({ status: 'do', drug: 'entecavir / tenofovir', duration: 'P6M' });
    expect(rulesOf(at)).toContain('post-infusion.hbv-dna-detected');
    const after = plan({ hbv: { hbsAg: 'positive' }, asOfDate: addDays(until, 1) });
    expect(after.value!.hbv.minimumMet).toBe(true);
    expect(action(after, 'post-infusion.hbv-prophylaxis')).toBeUndefined();
    expect(warningRules(after)).toContain('post-infusion.hbv-beyond-minimum');
  });
  it('missing markers: cannot assess, naming each', () => {
    const r = plan({ hbv: { antiHbc: 'negative' } });
    expect(r.value!.hbv.status).toBe('cannot-assess');
    expect(r.warnings.filter((w) => w.rule === 'post-infusion.hbv-status-missing').map((w) => w.field)).toEqual(['hbv.hbsAg']);
  });
});

describe('antiviral and anti-Pneumocystis prophylaxis (Table 15)', () => {
  it('gives valaciclovir 500 mg bid (or acyclovir 800 mg bid) and co-trimoxazole 480 mg daily (or 960 mg three times a week)', () => {
    const r = plan({ lymphodepletionStartDate: '2026-03-04' });
    expect(action(r, 'post-infusion.valaciclovir')).toMatchObject({ status: 'do', dose: { value: 500, unit: 'mg' }, frequency: 'bid', route: 'PO' });
    expect(action(r, 'post-infusion.acyclovir')).toMatchObject({ status: 'consider', dose: { value: 800, unit: 'mg' }, frequency: 'bid' });
    expect(action(r, 'post-infusion.cotrimoxazole-daily')).toMatchObject({ status: 'do', dose: { value: 480, unit: 'mg' }, frequency: 'daily' });
    expect(action(r, 'post-infusion.cotrimoxazole-thrice-weekly')).toMatchObject({ status: 'consider', dose: { value: 960, unit: 'mg' } });
    expect(r.value!.antiviralAndPjp).toMatchObject({ from: '2026-03-04', minimumUntil: '2027-03-10', timeMet: false, stop: 'continue', pjpRegimen: 'cotrimoxazole' });
  });
  it('co-trimoxazole allergy: refused, with pentamidine 300 mg monthly, dapsone 100 mg daily, atovaquone 1,500 mg daily', () => {
    const r = plan({ cotrimoxazoleAllergy: true });
    expect(action(r, 'post-infusion.cotrimoxazole-refused')!.status).toBe('refused');
    expect(action(r, 'post-infusion.pentamidine-inhaled')).toMatchObject({ dose: { value: 300 }, route: 'inhaled' });
    expect(action(r, 'post-infusion.dapsone')).toMatchObject({ dose: { value: 100 }, frequency: 'daily' });
    expect(action(r, 'post-infusion.atovaquone')).toMatchObject({ dose: { value: 1500 }, frequency: 'daily' });
    expect(action(r, 'post-infusion.cotrimoxazole-daily')).toBeUndefined();
    expect(r.value!.antiviralAndPjp.pjpRegimen).toBe('alternative');
  });
  it('prolonged myelosuppression: consider delaying co-trimoxazole', () => {
    expect(actionRules(plan({ prolongedMyelosuppression: true }))).toContain('post-infusion.pjp-delay-myelosuppression');
  });
  it.each([
    ['en', /anti-Pneumocystis/],
    ['zh-TW', /抗肺囊蟲/],
  ] as const)('co-trimoxazole allergy with prolonged myelosuppression (%s): the delay note names the prophylaxis, not the refused drug', (lang, names) => {
    const r = plan({ cotrimoxazoleAllergy: true, prolongedMyelosuppression: true }, lang);
    expect(action(r, 'post-infusion.cotrimoxazole-refused')!.status).toBe('refused');
    const delay = action(r, 'post-infusion.pjp-delay-myelosuppression')!;
    expect(delay.status).toBe('consider');
    expect(delay.text).toMatch(names);
    expect(delay.text).not.toMatch(/co-trimoxazole/i);
  });
  describe('before lymphodepletion starts: the orders are for its first day', () => {
    const ldc = '2026-03-04';
    const orders = ['post-infusion.valaciclovir', 'post-infusion.acyclovir', 'post-infusion.cotrimoxazole-daily', 'post-infusion.cotrimoxazole-thrice-weekly'];
    it('the day before: each order is due on the LDC start, and the leading ones name that date', () => {
      const r = plan({ lymphodepletionStartDate: ldc, asOfDate: addDays(ldc, -1) });
      expect(actionRules(r)).toEqual(expect.arrayContaining(['post-infusion.valaciclovir-from-ldc', 'post-infusion.acyclovir', 'post-infusion.cotrimoxazole-daily-from-ldc', 'post-infusion.cotrimoxazole-thrice-weekly']));
      expect(actionRules(r)).not.toContain('post-infusion.valaciclovir');
      expect(actionRules(r)).not.toContain('post-infusion.cotrimoxazole-daily');
      for (const a of r.actions.filter((x) => x.drug === 'valaciclovir' || x.drug === 'acyclovir' || x.drug === 'co-trimoxazole')) expect(a.dueBy, a.rule).toBe(ldc);
      expect(action(r, 'post-infusion.valaciclovir-from-ldc')).toMatchObject({ status: 'do', dose: { value: 500, unit: 'mg' }, frequency: 'bid' });
      expect(action(r, 'post-infusion.valaciclovir-from-ldc')!.text).toContain(ldc);
      expect(action(r, 'post-infusion.cotrimoxazole-daily-from-ldc')!.text).toContain(ldc);
      expect(r.basis).toContainEqual(expect.objectContaining({ rule: 'post-infusion.prophylaxis-not-started', yields: ldc }));
    });
    it('with a co-trimoxazole allergy the refusal says when the alternative starts', () => {
      const r = plan({ lymphodepletionStartDate: ldc, asOfDate: '2026-02-20', cotrimoxazoleAllergy: true });
      const refused = action(r, 'post-infusion.cotrimoxazole-refused-from-ldc')!;
      expect(refused).toMatchObject({ status: 'refused', dueBy: ldc });
      expect(refused.text).toContain(ldc);
      for (const rule of ['post-infusion.pentamidine-inhaled', 'post-infusion.dapsone', 'post-infusion.atovaquone']) expect(action(r, rule)!.dueBy, rule).toBe(ldc);
    });
    it.each([ldc, addDays(ldc, 1)])('on %s (LDC started): unchanged, no start date', (asOfDate) => {
      const r = plan({ lymphodepletionStartDate: ldc, asOfDate });
      expect(actionRules(r)).toEqual(expect.arrayContaining(orders));
      expect(actionRules(r).some((x) => x.endsWith('-from-ldc'))).toBe(false);
      expect(r.actions.some((a) => a.dueBy !== undefined)).toBe(false);
      expect(rulesOf(r)).not.toContain('post-infusion.prophylaxis-not-started');
    });
    it.each(['en', 'zh-TW'] as const)('renders the start date in %s', (lang) => {
      const r = plan({ lymphodepletionStartDate: ldc, asOfDate: '2026-02-20', prolongedMyelosuppression: true }, lang);
      for (const item of [...r.basis, ...r.actions, ...r.warnings]) {
        expect(item.text).not.toBe(item.rule);
        expect(item.text).not.toMatch(/\{\w+\}/);
      }
      expect(action(r, 'post-infusion.valaciclovir-from-ldc')!.text).toContain(ldc);
    });
  });
  const year = addMonths(INF, 12);
  it.each([
    [year, 201, 'continue'],
    [addDays(year, 1), 200, 'continue'],
    [addDays(year, 1), 201, 'may-stop'],
    [addDays(year, 1), undefined, 'cd4-needed'],
  ])('on %s with CD4 %s/uL: %s', (asOfDate, cd4, stop) => {
    const r = plan({ asOfDate, ...(cd4 === undefined ? {} : { cd4: { date: asOfDate, count: q(cd4, '/uL') } }) });
    expect(r.value!.antiviralAndPjp.stop).toBe(stop);
    expect(actionRules(r).includes('post-infusion.antiviral-may-stop')).toBe(stop === 'may-stop');
    expect(actionRules(r).includes('post-infusion.valaciclovir')).toBe(stop !== 'may-stop');
  });
  it('CD4 given as 0.2 x10^9/L is 200/uL: not above the threshold', () => {
    const r = plan({ asOfDate: addDays(year, 1), cd4: { date: addDays(year, 1), count: q(0.2, '10*9/L') } });
    expect(r.value!.antiviralAndPjp).toMatchObject({ cd4PerUl: 200, cd4Met: false, stop: 'continue' });
  });
});

describe('antifungal prophylaxis', () => {
  const none = { priorAlloHct: false, priorInvasiveAspergillosis: false, corticosteroidHours: 0, highDoseCorticosteroids: false, prolongedNeutropenia: false };
  it.each([
    [{ ...none, priorAlloHct: true }, 'recommended'],
    [{ ...none, priorInvasiveAspergillosis: true }, 'recommended'],
    [{ ...none, corticosteroidHours: 73 }, 'recommended'],
    [{ ...none, corticosteroidHours: 72, anc: q(800, '/uL') }, 'not-indicated'],
    [{ ...none, highDoseCorticosteroids: true }, 'recommended'],
    [{ ...none, anc: q(499, '/uL'), carHematotoxRisk: 'high' }, 'consider'],
    [{ ...none, anc: q(500, '/uL'), carHematotoxRisk: 'high' }, 'not-indicated'],
    [{ ...none, anc: q(499, '/uL'), carHematotoxRisk: 'low' }, 'not-indicated'],
    [{ ...none, prolongedNeutropenia: true }, 'consider'],
    [{ ...none }, 'cannot-assess'],
    [{}, 'cannot-assess'],
  ])('%o -> %s', (extra, status) => {
    const r = plan(extra);
    expect(r.value!.antifungal.status).toBe(status);
    const posa = action(r, 'post-infusion.posaconazole');
    if (status === 'recommended' || status === 'consider') {
      expect(posa).toMatchObject({ status: status === 'recommended' ? 'do' : 'consider', dose: { value: 300, unit: 'mg' }, route: 'PO', frequency: 'daily' });
      expect(action(r, 'post-infusion.micafungin')).toMatchObject({ dose: { value: 50, unit: 'mg' }, route: 'IV' });
    } else expect(posa).toBeUndefined();
    expect(r.value!.antifungal.moldActiveMonths).toEqual({ min: 1, max: 3 });
  });
  describe('the fixed criteria order the 1-3-month course only up to 3 months after infusion', () => {
    const end = addMonths(INF, 3);
    const calm = { ...none, anc: q(2500, '/uL'), carHematotoxRisk: 'high' };
    it.each([
      ['priorAlloHct', end, 'recommended'],
      ['priorAlloHct', addDays(end, 1), 'not-indicated'],
      ['priorInvasiveAspergillosis', end, 'recommended'],
      ['priorInvasiveAspergillosis', addDays(end, 1), 'not-indicated'],
    ])('%s on %s -> %s', (field, asOfDate, status) => {
      const r = plan({ ...calm, [field]: true, asOfDate });
      expect(r.value!.antifungal.status).toBe(status);
      if (status === 'recommended') {
        expect(action(r, 'post-infusion.posaconazole')!.status).toBe('do');
        expect(r.basis).toContainEqual(expect.objectContaining({ rule: 'post-infusion.antifungal-course-until', yields: end }));
        expect(rulesOf(r)).not.toContain('post-infusion.antifungal-course-passed');
      } else {
        expect(action(r, 'post-infusion.posaconazole')).toBeUndefined();
        expect(r.basis).toContainEqual(expect.objectContaining({ rule: 'post-infusion.antifungal-course-passed', yields: field, threshold: { comparator: '>', value: end } }));
        // Still a criterion: not reported as "no criterion met".
        expect(rulesOf(r)).not.toContain('post-infusion.antifungal-not-indicated');
      }
    });
    it('day +300 (the audit case): no mold-active order for prior allo-HCT alone', () => {
      const r = plan({ ...calm, priorAlloHct: true, asOfDate: addDays(INF, 300) });
      expect(r.value!.antifungal.status).toBe('not-indicated');
      expect(r.actions.some((a) => a.drug === 'posaconazole' || a.drug === 'micafungin')).toBe(false);
    });
    it('after the course, an unknown fixed criterion no longer blocks the decision', () => {
      const rest: Extra = { ...calm };
      delete rest['priorAlloHct'];
      delete rest['priorInvasiveAspergillosis'];
      expect(plan({ ...rest, asOfDate: addDays(end, 1) }).value!.antifungal.status).toBe('not-indicated');
      expect(plan({ ...rest, asOfDate: end }).value!.antifungal.status).toBe('cannot-assess');
    });
    it.each([
      [{ corticosteroidHours: 73 }, 'recommended'],
      [{ highDoseCorticosteroids: true }, 'recommended'],
      [{ prolongedNeutropenia: true }, 'consider'],
      [{ anc: q(499, '/uL') }, 'consider'],
    ])('current-state criterion %o still applies on day +300 -> %s', (extra, status) => {
      const r = plan({ ...calm, priorAlloHct: true, ...extra, asOfDate: addDays(INF, 300) });
      expect(r.value!.antifungal.status).toBe(status);
      expect(action(r, 'post-infusion.posaconazole')!.status).toBe(status === 'recommended' ? 'do' : 'consider');
      expect(rulesOf(r)).toContain('post-infusion.antifungal-course-passed');
    });
  });
});

describe('G-CSF by CAR-HEMATOTOX risk', () => {
  it('high risk: consider G-CSF 5 ug/kg daily from day +2', () => {
    const r = plan({ carHematotoxRisk: 'high', weight: q(70, 'kg') });
    expect(r.value!.gcsf).toEqual({ prophylaxis: 'consider', prophylaxisFrom: '2026-03-12', therapeutic: null });
    expect(action(r, 'post-infusion.gcsf-prophylactic')).toMatchObject({ status: 'consider', dose: { value: 350, unit: 'ug' }, frequency: 'daily' });
  });
  it('high risk with ANC < 500/uL: one G-CSF order (therapeutic), not two', () => {
    const r = plan({ carHematotoxRisk: 'high', anc: q(300, '/uL'), weight: q(60, 'kg') });
    expect(r.actions.filter((a) => a.drug === 'G-CSF').map((a) => [a.rule, a.status, a.dose!.value])).toEqual([['post-infusion.gcsf-therapeutic', 'do', 300]]);
  });
  describe('prophylactic G-CSF only in the early window (to day +30, as the ICAHT instrument)', () => {
    const last = addDays(INF, 30);
    it.each([
      [last, 'consider'],
      [addDays(last, 1), 'not-necessary'],
    ])('high risk on %s -> %s', (asOfDate, prophylaxis) => {
      const r = plan({ carHematotoxRisk: 'high', weight: q(70, 'kg'), anc: q(2500, '/uL'), asOfDate });
      expect(r.value!.gcsf.prophylaxis).toBe(prophylaxis);
      expect(actionRules(r).includes('post-infusion.gcsf-prophylactic')).toBe(prophylaxis === 'consider');
      expect(rulesOf(r).includes('post-infusion.gcsf-prophylaxis-window-passed')).toBe(prophylaxis === 'not-necessary');
    });
    it('day +300 (the audit case): no prophylactic order, and no request for the risk score', () => {
      const r = plan({ asOfDate: addDays(INF, 300) });
      expect(r.value!.gcsf.prophylaxis).toBe('not-necessary');
      expect(r.basis).toContainEqual(expect.objectContaining({ rule: 'post-infusion.gcsf-prophylaxis-window-passed', threshold: { comparator: '>', value: last } }));
      expect(warningRules(r)).not.toContain('post-infusion.gcsf-risk-missing');
    });
    it('after the window, ANC < 500/uL still gets therapeutic G-CSF', () => {
      const r = plan({ carHematotoxRisk: 'high', anc: q(300, '/uL'), weight: q(60, 'kg'), asOfDate: addDays(last, 1) });
      expect(r.actions.filter((a) => a.drug === 'G-CSF').map((a) => [a.rule, a.status])).toEqual([['post-infusion.gcsf-therapeutic', 'do']]);
    });
  });
  it('low risk: may not be necessary; missing: cannot assess', () => {
    expect(plan({ carHematotoxRisk: 'low' }).value!.gcsf.prophylaxis).toBe('not-necessary');
    const r = plan();
    expect(r.value!.gcsf.prophylaxis).toBe('cannot-assess');
    expect(warningRules(r)).toContain('post-infusion.gcsf-risk-missing');
  });
  it.each([
    [499, true],
    [500, false],
  ])('ANC %d/uL: therapeutic G-CSF %s', (anc, therapeutic) => {
    const r = plan({ anc: q(anc, '/uL') });
    expect(r.value!.gcsf.therapeutic).toBe(therapeutic);
    expect(actionRules(r).includes('post-infusion.gcsf-therapeutic')).toBe(therapeutic);
    if (therapeutic) {
      expect(action(r, 'post-infusion.gcsf-therapeutic')!.dose).toMatchObject({ value: 5, unit: 'ug/kg' });
      expect(warningRules(r)).toContain('post-infusion.gcsf-weight-missing');
    }
  });
});

describe('IVIG by serial IgG (Figure 11)', () => {
  const igg = (...rows: [string, number][]) => ({ igG: rows.map(([date, v]) => ({ date, igG: q(v, 'mg/dL') })) });
  it.each([
    [400, 'give'],
    [401, 'hold'],
  ])('a first IgG of %d mg/dL -> %s', (value, status) => {
    const r = plan({ asOfDate: '2026-04-10', ...igg(['2026-04-10', value]) });
    expect(r.value!.ivig.status).toBe(status);
    if (status === 'give') expect(action(r, 'post-infusion.ivig-give')).toMatchObject({ status: 'do', drug: 'IVIG' });
    else {
      expect(actionRules(r)).toEqual(expect.arrayContaining(['post-infusion.ivig-hold', 'post-infusion.igg-recheck']));
      expect(r.value!.ivig).toMatchObject({ nextIgGBy: '2026-05-08', monitoringUntil: '2026-07-10' });
    }
  });
  const stopFrom = addMonths(INF, 3);
  it.each([
    [stopFrom, false, false],
    [addDays(stopFrom, 1), false, true],
    [addDays(stopFrom, 1), true, false],
  ])('IgG <= 400 on %s, infections %s: consider stopping %s', (asOfDate, infections, considerStop) => {
    const r = plan({ asOfDate, severeOrRecurrentInfections: infections, ...igg([asOfDate, 350]) });
    expect(r.value!.ivig).toMatchObject({ status: 'give', considerStop });
    expect(actionRules(r).includes('post-infusion.ivig-consider-stop')).toBe(considerStop);
  });
  it('IgG above 400 for 3 months: no further IVIG or IgG testing', () => {
    const r = plan({ asOfDate: '2026-08-01', ...igg(['2026-04-10', 300], ['2026-05-01', 450], ['2026-06-01', 500], ['2026-07-01', 480], ['2026-08-01', 470]) });
    expect(r.value!.ivig.status).toBe('not-needed');
    expect(rulesOf(r)).toContain('post-infusion.ivig-not-needed');
  });
  it('IgG low again during the 3-month recheck: IVIG again only with infections', () => {
    const rows = igg(['2026-04-10', 450], ['2026-05-08', 380]);
    expect(plan({ asOfDate: '2026-05-08', severeOrRecurrentInfections: true, ...rows }).value!.ivig.status).toBe('give');
    const calm = plan({ asOfDate: '2026-05-08', severeOrRecurrentInfections: false, ...rows });
    expect(calm.value!.ivig).toMatchObject({ status: 'resume-if-infections', nextIgGBy: '2026-06-05' });
    expect(actionRules(calm)).not.toContain('post-infusion.ivig-give');
  });
  describe('the recheck window and where the patient is in the pathway', () => {
    // Above 400 first on 04-10: rechecks to 07-10 (3 calendar months = 91 days, not 3 x 28).
    const strict = [
      ['2026-04-10', 450],
      ['2026-05-08', 460],
      ['2026-06-05', 470],
      ['2026-07-03', 480],
    ] as [string, number][];
    const until = '2026-07-10';
    it('strict 28-day rechecks (the audit case): the next recheck is the window end, not after it', () => {
      const r = plan({ asOfDate: '2026-07-03', ...igg(...strict) });
      expect(r.value!.ivig).toMatchObject({ status: 'hold', monitoringUntil: until, nextIgGBy: until });
      expect(r.basis).toContainEqual(expect.objectContaining({ rule: 'post-infusion.igg-recheck-capped', observed: '2026-07-03', yields: until }));
    });
    it.each([
      ['2026-06-12', '2026-07-10', false],
      ['2026-06-13', '2026-07-10', true],
      ['2026-06-05', '2026-07-03', false],
    ])('a result above 400 on %s: next recheck by %s (capped %s)', (date, next, capped) => {
      const r = plan({ asOfDate: date, ...igg(['2026-04-10', 450], [date, 470]) });
      expect(r.value!.ivig).toMatchObject({ status: 'hold', nextIgGBy: next });
      expect(rulesOf(r).includes('post-infusion.igg-recheck-capped')).toBe(capped);
    });
    it.each([
      [addDays(until, -1), 'hold'],
      [until, 'not-needed'],
    ])('still above 400 on %s -> %s', (date, status) => {
      expect(plan({ asOfDate: date, ...igg(['2026-04-10', 450], [date, 470]) }).value!.ivig.status).toBe(status);
    });
    it('a low result just after the window, following a run above 400: IVIG only with severe or recurrent infections', () => {
      const rows = igg(...strict, ['2026-07-31', 380]);
      const calm = plan({ asOfDate: '2026-07-31', severeOrRecurrentInfections: false, ...rows });
      expect(calm.value!.ivig).toMatchObject({ status: 'resume-if-infections', monitoringUntil: until, nextIgGBy: null, considerStop: false });
      expect(actionRules(calm)).not.toContain('post-infusion.ivig-give');
      expect(actionRules(calm)).not.toContain('post-infusion.ivig-consider-stop');
      expect(actionRules(calm)).not.toContain('post-infusion.igg-recheck');
      expect(rulesOf(calm)).toEqual(expect.arrayContaining(['post-infusion.ivig-low-no-infection', 'post-infusion.igg-window-ended']));
      const infected = plan({ asOfDate: '2026-07-31', severeOrRecurrentInfections: true, ...rows });
      expect(infected.value!.ivig.status).toBe('give');
      expect(action(infected, 'post-infusion.ivig-give')!.status).toBe('do');
    });
    it.each([
      [addDays(until, -1), until],
      [until, null],
    ])('a low result on %s inside the pathway: next recheck %s', (date, next) => {
      const r = plan({ asOfDate: date, severeOrRecurrentInfections: false, ...igg(...strict, [date, 380]) });
      expect(r.value!.ivig).toMatchObject({ status: 'resume-if-infections', nextIgGBy: next });
      expect(actionRules(r).includes('post-infusion.igg-recheck')).toBe(next !== null);
    });
    it.each([
      [addDays(until, -1), 'resume-if-infections'],
      [until, 'give'],
    ])('the result before a low one was above 400 on %s (window ends 2026-07-10): %s', (previous, status) => {
      const r = plan({ asOfDate: '2026-07-20', severeOrRecurrentInfections: false, ...igg(['2026-04-10', 450], [previous, 470], ['2026-07-20', 380]) });
      expect(r.value!.ivig.status).toBe(status);
      // After a completed run, Figure 11 is silent on a later fall: the plan says so.
      expect(warningRules(r).includes('post-infusion.igg-low-after-completed-run')).toBe(status === 'give');
    });
  });
  it('no IgG: cannot assess; results before infusion are set aside', () => {
    expect(plan().value!.ivig.status).toBe('cannot-assess');
    const r = plan(igg(['2026-03-01', 300]));
    expect(r.value!.ivig.status).toBe('cannot-assess');
    expect(warningRules(r)).toContain('post-infusion.igg-before-infusion-ignored');
  });
});

describe('B-cell recovery: CD19+ >= 1% of WBC or >= 3% of lymphocytes', () => {
  it.each([
    [1, 3, 'recovered'],
    [1, 2.99, 'recovered'],
    [0.99, 3, 'recovered'],
    [0.99, 2.99, 'not-recovered'],
    [0.99, undefined, 'cannot-assess'],
    [1, undefined, 'recovered'],
    [undefined, 2.99, 'cannot-assess'],
    [undefined, 3, 'recovered'],
  ])('%s%% of WBC, %s%% of lymphocytes -> %s', (wbc, lymph, status) => {
    const r = plan({
      ...(wbc === undefined ? {} : { cd19PercentOfWbc: q(wbc, '%') }),
      ...(lymph === undefined ? {} : { cd19PercentOfLymphocytes: q(lymph, '%') }),
    });
    expect(r.value!.bCellRecovery.status).toBe(status);
    if (wbc !== undefined) expect(rulesOf(r)).toContain(wbc >= 1 ? 'post-infusion.bcell-wbc-met' : 'post-infusion.bcell-wbc-not-met');
    if (lymph !== undefined) expect(rulesOf(r)).toContain(lymph >= 3 ? 'post-infusion.bcell-lymphocytes-met' : 'post-infusion.bcell-lymphocytes-not-met');
  });
});

describe('contradictory input is refused', () => {
  it.each([
    [{ leukapheresisDate: '2026-03-11' }, 'leukapheresisDate', 'post-infusion.input.leukapheresis-after-infusion'],
    [{ lymphodepletionStartDate: '2026-03-11' }, 'lymphodepletionStartDate', 'post-infusion.input.ldc-after-infusion'],
    [{ cd4: { date: '2026-03-21', count: q(300, '/uL') } }, 'cd4.date', 'post-infusion.input.result-after-as-of'],
    [{ igG: [{ date: '2026-03-21', igG: q(300, 'mg/dL') }] }, 'igG[0].date', 'post-infusion.input.result-after-as-of'],
    [
      {
        igG: [
          { date: '2026-03-15', igG: q(300, 'mg/dL') },
          { date: '2026-03-15', igG: q(320, 'mg/dL') },
        ],
      },
      'igG[1].date',
      'post-infusion.input.igg-same-date',
    ],
    [{ cd19PercentOfWbc: q(4, '%'), cd19PercentOfLymphocytes: q(3, '%') }, 'cd19PercentOfWbc', 'post-infusion.input.cd19-wbc-above-lymphocytes'],
  ])('%o', (extra, path, rule) => {
    expectInputError('post-infusion', { ...BASE, ...extra }, path, rule);
  });
  it('a bare IgG number is refused', () => {
    expectInputError('post-infusion', { ...BASE, igG: [{ date: '2026-03-15', igG: 300 }] }, 'igG[0].igG', 'input.unit-required');
  });
});

describe('properties', () => {
  it('a higher IgG never turns "hold" into "give" (same date and history)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const s = (v: number) => plan({ asOfDate: '2026-04-10', igG: [{ date: '2026-04-10', igG: q(v, 'mg/dL') }] }).value!.ivig.status;
        return !(s(lo) === 'hold' && s(hi) === 'give');
      }),
      { numRuns: 60 },
    );
  });
  it('the irradiation window never reopens once the minimum is met', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (a, b) => {
        const [d1, d2] = a <= b ? [a, b] : [b, a];
        const s = (d: number) => plan({ asOfDate: addDays(INF, d) }).value!.irradiatedBlood.status;
        return !(s(d1) === 'minimum-met' && s(d2) !== 'minimum-met');
      }),
      { numRuns: 60 },
    );
  });
  it('thresholds as printed', () => {
    expect(POST_INFUSION_THRESHOLDS).toMatchObject({ irradiationUntilDay: 90, hbvMinimumMonths: 6, cd4StopAbovePerUl: 200, igGAtOrBelowMgDl: 400, gcsfUgPerKg: 5 });
  });
});

describe('the summary before infusion counts the days without a sign', () => {
  it.each([
    ['en', '18 days before infusion'],
    ['zh-TW', '輸注前 18 天'],
  ] as const)('%s', (lang, text) => {
    const r = plan({ asOfDate: '2026-02-20' }, lang);
    expect(r.summary).toContain(text);
    expect(r.summary).not.toContain('-18');
  });
  it('after infusion: day +N', () => {
    expect(plan().summary).toContain('day +10 after infusion');
  });
});

describe('both languages render', () => {
  it.each(['en', 'zh-TW'] as const)('%s', (lang) => {
    const r = plan(
      {
        leukapheresisDate: '2026-02-01',
        hbv: { hbsAg: 'positive' },
        cotrimoxazoleAllergy: true,
        carHematotoxRisk: 'high',
        anc: q(300, '/uL'),
        priorAlloHct: true,
        igG: [{ date: '2026-03-15', igG: q(350, 'mg/dL') }],
        cd19PercentOfWbc: q(0.5, '%'),
      },
      lang,
    );
    for (const item of [...r.basis, ...r.actions, ...r.warnings]) {
      expect(item.text).not.toBe(item.rule);
      expect(item.text).not.toMatch(/\{\w+\}/);
    }
    expect(r.summary).not.toMatch(/\{\w+\}/);
  });
});
