import type { Locator, Page } from 'playwright-core';

export class LoginPage {
  readonly root: Locator;
  readonly error: Locator;
  readonly reason: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('login-page');
    this.error = page.getByTestId('login-error');
    this.reason = page.getByTestId('login-reason');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/`);
    await this.root.waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.root.locator('input[name="username"]').fill(username);
    await this.root.locator('input[name="password"]').fill(password);
    await this.root.locator('button[type="submit"]').click();
  }

  /** What the password field holds now (it is cleared once sent). */
  password(): Promise<string> {
    return this.root.locator('input[name="password"]').inputValue();
  }
}
