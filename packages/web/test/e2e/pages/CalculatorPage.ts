import type { Locator, Page } from 'playwright-core';

/** The instruments as calculators (no login). */
export class CalculatorPage {
  readonly instruments: Locator;
  readonly form: Locator;
  readonly fieldErrors: Locator;

  constructor(readonly page: Page) {
    this.instruments = page.locator('nav.instruments li a');
    this.form = page.locator('section.assessment form');
    this.fieldErrors = this.form.locator('.field-errors li');
  }

  async open(baseUrl: string, instrument: string): Promise<void> {
    await this.page.goto(`${baseUrl}/#/calculators/${encodeURIComponent(instrument)}`);
    await this.form.waitFor();
  }

  async submit(): Promise<void> {
    await this.form.locator('button[type="submit"]').click();
  }
}
