import type { Locator, Page } from 'playwright-core';

/** One patient: identity, course steps, tasks, observation tables and explained assessments. */
export class PatientPage {
  readonly root: Locator;
  readonly identifiers: Locator;
  readonly day: Locator;
  readonly vitals: Locator;
  readonly labs: Locator;
  readonly tasks: Locator;
  readonly custody: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('patient-page');
    this.identifiers = this.root.getByTestId('patient-identifier');
    this.day = this.root.getByTestId('patient-day').first();
    this.vitals = this.root.getByTestId('observations-vital-signs');
    this.labs = this.root.getByTestId('observations-laboratory');
    this.tasks = this.root.getByTestId('tasks');
    this.custody = this.root.getByTestId('custody');
  }

  async waitFor(): Promise<void> {
    await this.root.waitFor();
  }

  step(step: string): Locator {
    return this.root.locator(`[data-testid="journey"] li[data-step="${step}"]`).first();
  }

  /** A chain's custody step row, by step type (the first such row). */
  custodyStep(step: string): Locator {
    return this.custody.locator(`[data-testid="custody-steps"] tr[data-step="${step}"]`).first();
  }

  /** Opens a stored assessment's explanation and returns it. */
  async openAssessment(instrument: string): Promise<Locator> {
    const details = this.root.locator(`[data-testid="patient-assessment"][data-instrument="${instrument}"]`);
    await details.locator(':scope > summary').click();
    return details.locator('section.result');
  }
}
