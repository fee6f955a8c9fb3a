import type { Locator, Page } from 'playwright-core';

/** One alert: its facts, the criteria that fired, and the acknowledgement. */
export class AlertPage {
  readonly root: Locator;
  readonly text: Locator;
  readonly facts: Locator;
  readonly status: Locator;
  readonly escalation: Locator;
  readonly criteria: Locator;
  readonly acknowledgeButton: Locator;
  readonly acknowledgeResult: Locator;
  readonly cannotAcknowledge: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('alert-page');
    this.text = this.root.getByTestId('alert-text');
    this.facts = this.root.getByTestId('alert-facts');
    this.status = this.root.getByTestId('alert-status');
    this.escalation = this.root.getByTestId('alert-escalation');
    this.criteria = this.root.getByTestId('alert-criteria').locator('ol.basis > li');
    this.acknowledgeButton = this.root.getByTestId('acknowledge');
    this.acknowledgeResult = this.root.getByTestId('acknowledge-result');
    this.cannotAcknowledge = this.root.getByTestId('cannot-acknowledge');
  }

  async waitForAlert(alertId?: string): Promise<void> {
    await (alertId === undefined ? this.root : this.page.locator(`[data-testid="alert-page"][data-alert-id="${alertId}"]`)).waitFor();
  }

  async criteriaTexts(): Promise<string[]> {
    await this.criteria.first().waitFor();
    return this.criteria.evaluateAll((items) => items.map((li) => li.querySelector('p')?.textContent ?? ''));
  }

  async acknowledge(): Promise<void> {
    await this.acknowledgeButton.click();
    await this.acknowledgeResult.waitFor();
  }
}
