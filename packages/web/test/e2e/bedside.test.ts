import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertPage } from './pages/AlertPage.js';
import { AppShell } from './pages/AppShell.js';
import { BoardPage } from './pages/BoardPage.js';
import { CalculatorPage } from './pages/CalculatorPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { PatientPage } from './pages/PatientPage.js';
import { openBrowser, type Browser } from './support/browser.js';
import { assertBrowserTestEnvironment } from './support/environment.js';
import { DEMO_PASSWORD, startBedsideServer, type BedsideServer } from './support/server.js';

/**
 * The bedside app in a real browser against a real server and database with the demo ward.
 * These check the wiring from login to acknowledgement; the clinical cut-offs are tested in the
 * core and the server.
 */

let server: BedsideServer;
let day4: string;
// A machine without Chromium or without the built app fails every scenario with what to do
// (reported as failed tests, not as skipped ones).
let unready: Error | null = null;

beforeAll(async () => {
  try {
    assertBrowserTestEnvironment();
    server = await startBedsideServer();
    day4 = await server.patientId('DEMO-0004');
  } catch (err) {
    unready = err instanceof Error ? err : new Error(String(err));
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function withBrowser(scenario: (browser: Browser) => Promise<void>): Promise<void> {
  if (unready !== null) throw unready;
  const browser = await openBrowser();
  try {
    await scenario(browser);
  } finally {
    await browser.close();
  }
}

async function signIn(browser: Browser, username: string): Promise<{ shell: AppShell; board: BoardPage }> {
  const login = new LoginPage(browser.page);
  await login.open(server.url);
  await login.signIn(username, DEMO_PASSWORD);
  const board = new BoardPage(browser.page);
  await board.waitForRows();
  return { shell: new AppShell(browser.page), board };
}

describe('the bedside app in Chromium', () => {
  it('a nurse signs in (zh-TW), opens the day +4 patient\'s critical CRS alert from the top of the board, acknowledges it, switches to English and signs out', async () => {
    await withBrowser(async (browser) => {
      const { page } = browser;
      const login = new LoginPage(page);
      await login.open(server.url);
      const shell = new AppShell(page);
      expect(await shell.language()).toBe('zh-TW');
      expect(await login.root.locator('h2').innerText()).toBe('登入');

      await login.signIn('nurse.lin', DEMO_PASSWORD);
      const board = new BoardPage(page);
      await board.waitForRows();
      expect(await shell.signedInUser.innerText()).toBe('登入者：林護理師 Nurse Lin（護理師）');

      // The day +4 patient comes first, its critical CRS alert first, in words as well as colour.
      expect((await board.patientOrder())[0]).toBe(day4);
      const row = board.row(day4);
      expect(await row.getAttribute('data-severity')).toBe('critical');
      const chip = board.alerts(row).first();
      expect(await chip.getAttribute('data-kind')).toBe('crs-grade');
      expect(await chip.getAttribute('data-status')).toBe('open');
      const chipText = await chip.innerText();
      expect(chipText).toContain('危急');
      expect(chipText).toContain('CRS 第 2 級（ASTCT）');
      expect(chipText).toContain('未確認');
      expect(await row.getByTestId('board-day').innerText()).toContain('第 +4 天');

      await chip.click();
      const alert = new AlertPage(page);
      await alert.waitForAlert();
      expect(await alert.text.innerText()).toBe('CRS 第 2 級（ASTCT）');
      expect(await alert.facts.innerText()).toContain('CRS（細胞激素釋放症候群）');
      // Raised at 09:00 by the demo data, 15 minutes to escalate, the server's clock at 10:00.
      expect(await alert.escalation.innerText()).toMatch(/^已超過升級通報時間（.+ 09:15），尚未確認$/);
      const criteria = await alert.criteriaTexts();
      expect(criteria.length).toBeGreaterThan(0);
      expect(criteria.every((c) => c.trim() !== '' && !c.startsWith('crs.'))).toBe(true);

      // The session is an httpOnly cookie the page cannot read; no password is kept anywhere.
      const stored = await page.evaluate(() => `${document.cookie}|${JSON.stringify(window.localStorage)}|${JSON.stringify(window.sessionStorage)}`);
      expect(stored).not.toContain(DEMO_PASSWORD);
      expect(stored).not.toContain('cartographer_session');

      await alert.acknowledge();
      expect(await alert.acknowledgeResult.innerText()).toContain('已確認：林護理師 Nurse Lin');
      await expect.poll(() => alert.status.innerText()).toContain('已確認');
      expect(await alert.acknowledgeButton.count()).toBe(0);
      const alertId = await alert.root.getAttribute('data-alert-id');
      const stored_ = await server.test.database.db.selectFrom('alerts').innerJoin('users', 'users.id', 'alerts.acknowledged_by').select(['alerts.status', 'users.username']).where('alerts.id', '=', alertId ?? '').executeTakeFirst();
      expect(stored_).toEqual({ status: 'acknowledged', username: 'nurse.lin' });

      await shell.goToBoard();
      await board.waitForRows();
      const acknowledged = board.alert(board.row(day4), 'crs-grade');
      await expect.poll(() => acknowledged.getAttribute('data-status')).toBe('acknowledged');
      expect(await acknowledged.innerText()).toContain('已確認');

      await shell.switchLanguage();
      expect(await shell.language()).toBe('en');
      await expect.poll(() => board.heading.innerText()).toBe('Ward board');
      await expect.poll(() => board.alert(board.row(day4), 'crs-grade').innerText()).toContain('CRS grade 2 (ASTCT)');
      expect(await board.alert(board.row(day4), 'crs-grade').innerText()).toContain('Acknowledged');
      expect(await board.row(day4).getByTestId('board-day').innerText()).toContain('Day +4');
      expect(await shell.signedInUser.innerText()).toBe('Signed in: 林護理師 Nurse Lin (Nurse)');

      await shell.logout();
      await login.root.waitFor();
      expect(await login.reason.innerText()).toBe('You have signed out.');
      // The cookie is gone: a reload does not sign anyone back in.
      await page.reload();
      await login.root.waitFor();
      expect(await shell.signedInUser.count()).toBe(0);
    });
  });

  it('a social worker reads an open alert and its criteria but gets no acknowledge button; Refresh shows a colleague\'s acknowledgement', async () => {
    await withBrowser(async (browser) => {
      const { shell, board } = await signIn(browser, 'sw.tsai');
      expect(await shell.signedInUser.innerText()).toContain('社工師');
      const day45 = await server.patientId('DEMO-0005');
      const icaht = board.alert(board.row(day45), 'icaht-grade');
      expect(await icaht.getAttribute('data-status')).toBe('open');

      await icaht.click();
      const alert = new AlertPage(browser.page);
      await alert.waitForAlert();
      const alertId = (await alert.root.getAttribute('data-alert-id')) ?? '';
      expect((await alert.criteriaTexts()).length).toBeGreaterThan(0);
      expect(await alert.cannotAcknowledge.innerText()).toContain('社工師');
      expect(await alert.acknowledgeButton.count()).toBe(0);

      await shell.goToBoard();
      await board.waitForRows();
      await server.acknowledgeAs('pharm.wang', alertId);
      expect(await board.alert(board.row(day45), 'icaht-grade').getAttribute('data-status')).toBe('open');
      await board.refresh();
      await expect.poll(() => board.alert(board.row(day45), 'icaht-grade').getAttribute('data-status')).toBe('acknowledged');
    });
  });

  it('a physician opens the day +4 patient from the board: identifiers, course steps, readings and the explained CRS grade', async () => {
    await withBrowser(async (browser) => {
      const { board } = await signIn(browser, 'dr.chen');
      await board.row(day4).getByTestId('board-patient').click();
      const patient = new PatientPage(browser.page);
      await patient.waitFor();
      expect(await patient.identifiers.allInnerTexts()).toEqual(['DEMO-0004', 'CT-0004']);
      expect(await patient.day.innerText()).toBe('第 +4 天');
      expect(await patient.step('monitoring').getAttribute('data-status')).toBe('active');
      expect(await patient.step('thaw-and-infusion').getAttribute('data-status')).not.toBe('pending');
      expect(await patient.vitals.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await patient.labs.locator('thead').innerText()).toContain('鐵蛋白');
      expect(await patient.tasks.locator('tbody tr').count()).toBeGreaterThan(0);
      const crs = await patient.openAssessment('crs');
      expect(await crs.locator('ol.basis > li').count()).toBeGreaterThan(0);
      expect(await crs.locator('.ruleset code').innerText()).not.toBe('');
      // The chain of custody, read-only: the COI, each scanned step with who did it, and vein to vein.
      await patient.custody.getByTestId('custody-chain').first().waitFor();
      expect(await patient.custody.getByTestId('custody-coi').first().innerText()).toMatch(/\S/);
      expect(await patient.custodyStep('collection').getAttribute('data-outcome')).toBe('accepted');
      expect(await patient.custodyStep('infusion-start').locator('td').first().innerText()).toBe('開始輸注');
      expect(await patient.custodyStep('bedside-match').locator('td').nth(3).innerText()).not.toBe('—');
      expect(await patient.custody.getByTestId('custody-vein-to-vein').first().innerText()).toMatch(/^採集至輸注（vein-to-vein）：\d+(\.\d+)? 天$/);
    });
  });

  it('a psychologist opens the same patient: the page without the chain of custody, which that role may not read', async () => {
    await withBrowser(async (browser) => {
      const { board } = await signIn(browser, 'psy.wu');
      const custodyAnswer = browser.page.waitForResponse((r) => r.url().includes('/custody/chains'));
      await board.row(day4).getByTestId('board-patient').click();
      const patient = new PatientPage(browser.page);
      await patient.waitFor();
      expect((await custodyAnswer).status()).toBe(403);
      await patient.step('monitoring').waitFor();
      expect(await patient.custody.count()).toBe(0);
      expect(await patient.root.getByTestId('page-error').count()).toBe(0);
    });
  });

  it('a wrong password shows an error, clears the field and signs nobody in', async () => {
    await withBrowser(async (browser) => {
      const login = new LoginPage(browser.page);
      await login.open(server.url);
      await login.signIn('nurse.lin', `${DEMO_PASSWORD}-wrong`);
      await login.error.waitFor();
      expect(await login.error.innerText()).toBe('帳號或密碼不正確。');
      expect(await login.password()).toBe('');
      expect(await new AppShell(browser.page).signedInUser.count()).toBe(0);
    });
  });

  it('the calculators stay one page of the app, usable without signing in', async () => {
    await withBrowser(async (browser) => {
      const calculator = new CalculatorPage(browser.page);
      await calculator.open(server.url, 'crs');
      expect(await calculator.instruments.count()).toBeGreaterThan(5);
      expect(await browser.page.locator('nav.instruments a[aria-current="page"]').getAttribute('href')).toBe('#/calculators/crs');
      await calculator.submit();
      await calculator.fieldErrors.first().waitFor();
      expect(await calculator.fieldErrors.count()).toBeGreaterThan(0);
      expect(await new AppShell(browser.page).signedInUser.count()).toBe(0);
    });
  });

  it('an ended session (401) returns to the login page with a message', async () => {
    await withBrowser(async (browser) => {
      const { board } = await signIn(browser, 'dr.chen');
      await server.expireSessionsOf('dr.chen');
      await board.refresh();
      const login = new LoginPage(browser.page);
      await login.root.waitFor();
      expect(await login.reason.innerText()).toBe('您的登入已逾時，請重新登入。');
    });
  });
});
