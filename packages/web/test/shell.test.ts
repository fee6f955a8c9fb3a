import { describe, expect, it } from 'vitest';
import type { Observation } from '../src/api/types';
import { translator } from '../src/i18n';
import { observationGrid } from '../src/patient/ObservationTable';
import { formatCourseDay, formatInstant } from '../src/shell/format';
import { problemText } from '../src/shell/problem';
import { href, parseRoute, type Route } from '../src/shell/route';

const en = translator('en');
const zh = translator('zh-TW');

describe('routes', () => {
  it.each<[string, Route]>([
    ['', { page: 'board' }],
    ['#/board', { page: 'board' }],
    ['#/patients/3f1c', { page: 'patient', patientId: '3f1c' }],
    ['#/patients/', { page: 'board' }],
    ['#/alerts/a%2Fb', { page: 'alert', alertId: 'a/b' }],
    ['#/calculators', { page: 'calculator', name: null }],
    ['#/calculators/crs', { page: 'calculator', name: 'crs' }],
    ['#crs', { page: 'calculator', name: 'crs' }],
    ['#/nowhere', { page: 'board' }],
  ])('%s is %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('make links that read back as the same page', () => {
    const routes: Route[] = [{ page: 'board' }, { page: 'patient', patientId: 'p 1' }, { page: 'alert', alertId: 'x/y' }, { page: 'calculator', name: null }, { page: 'calculator', name: 'icans' }];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });
});

describe('course day', () => {
  it.each([
    [-1, 'Day -1', '第 -1 天'],
    [0, 'Day 0', '第 0 天'],
    [1, 'Day +1', '第 +1 天'],
    [null, 'Not infused yet', '尚未輸注'],
  ])('day %s reads "%s" / "%s"', (day, english, chinese) => {
    expect(formatCourseDay(day, en)).toBe(english);
    expect(formatCourseDay(day, zh)).toBe(chinese);
  });
});

describe('instants', () => {
  it('are shown in the institution\'s time zone, not the browser\'s', () => {
    // 23:30 UTC is 07:30 the next day in Taipei.
    expect(formatInstant('2026-11-21T23:30:00Z', 'en', 'Asia/Taipei')).toBe('22/11/2026, 07:30');
    expect(formatInstant('2026-11-21T23:30:00Z', 'en', 'UTC')).toBe('21/11/2026, 23:30');
    expect(formatInstant('2026-11-21T23:30:00Z', 'zh-TW', 'Asia/Taipei')).toContain('07:30');
    expect(formatInstant(null, 'en', 'UTC')).toBe('—');
    expect(formatInstant('not a time', 'en', 'UTC')).toBe('—');
  });
});

describe('problem texts', () => {
  it('say that a refusal is about the role, naming it', () => {
    expect(problemText(403, { error: 'forbidden', message: 'Your role may not do this.' }, en, 'social-worker')).toBe('Your role (Social worker) may not do this.');
    expect(problemText(403, { error: 'forbidden', message: '' }, zh, 'social-worker')).toBe('您的角色（社工師）沒有執行此操作的權限。');
  });

  it('do not tell a missing record from one outside the care team', () => {
    expect(problemText(404, { error: 'not-found', message: 'Not found.' }, en)).toBe(en('error.not-found'));
  });

  it('give the server\'s own text and issues for other errors, and a network failure in words', () => {
    const conflict = { error: 'conflict' as const, message: 'The request conflicts.', issues: [{ path: '', rule: 'alert.already-resolved', message: 'The alert was resolved.' }] };
    expect(problemText(409, conflict, en)).toBe('Server error (409): The request conflicts. The alert was resolved.');
    expect(problemText(0, { error: 'network', message: '' }, en)).toBe(en('error.network'));
  });
});

describe('observation grid', () => {
  const obs = (code: string, at: string, value: number): Observation => ({ id: `${code}-${at}`, code, category: 'vital-signs', value, unit: null, valueCode: null, effectiveAt: at });

  it('puts readings of one time on one row, newest first, columns in order of first appearance', () => {
    const grid = observationGrid([obs('heart-rate', '2026-11-21T08:00:00Z', 90), obs('body-temperature', '2026-11-21T08:00:00Z', 38.2), obs('heart-rate', '2026-11-21T09:00:00Z', 112)]);
    expect(grid.codes).toEqual(['heart-rate', 'body-temperature']);
    expect(grid.rows.map((r) => r.at)).toEqual(['2026-11-21T09:00:00Z', '2026-11-21T08:00:00Z']);
    expect(grid.rows[1]?.cells.get('body-temperature')?.value).toBe(38.2);
    expect(grid.rows[0]?.cells.has('body-temperature')).toBe(false);
  });
});
