import type { Locator, Page } from 'playwright-core';

/** The header every page shares: who is signed in, the language switch, sign-out, navigation. */
export class AppShell {
  readonly signedInUser: Locator;
  readonly boardLink: Locator;
  private readonly languageSwitch: Locator;
  private readonly logoutButton: Locator;

  constructor(readonly page: Page) {
    this.signedInUser = page.getByTestId('signed-in-user');
    this.boardLink = page.getByTestId('nav-board');
    this.languageSwitch = page.getByTestId('switch-lang');
    this.logoutButton = page.getByTestId('logout');
  }

  /** The document's language (set by the app on <html lang>). */
  language(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  async switchLanguage(): Promise<void> {
    await this.languageSwitch.click();
  }

  async logout(): Promise<void> {
    await this.logoutButton.click();
  }

  async goToBoard(): Promise<void> {
    await this.boardLink.click();
  }
}
