import type { Locator, Page } from 'playwright-core';

/** The ward board: one row per patient, each with its alert chips. */
export class BoardPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('board-page');
    this.rows = this.root.getByTestId('board-row');
    this.heading = this.root.locator('h2');
  }

  async waitForRows(): Promise<void> {
    await this.rows.first().waitFor();
  }

  row(patientId: string): Locator {
    return this.root.locator(`[data-testid="board-row"][data-patient-id="${patientId}"]`);
  }

  alerts(row: Locator): Locator {
    return row.getByTestId('board-alert');
  }

  alert(row: Locator, kind: string): Locator {
    return row.locator(`[data-testid="board-alert"][data-kind="${kind}"]`);
  }

  /** The patient ids in the order the board shows them. */
  async patientOrder(): Promise<string[]> {
    await this.waitForRows();
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-patient-id') ?? ''));
  }

  async refresh(): Promise<void> {
    await this.root.getByTestId('refresh').click();
  }
}
