/** Fills the account form the way an admin would, for the end-to-end tests. */
import { expect, type Page } from '@playwright/test';
import type { Security } from '../../src-preload/contract';
import type { MailServers, TestUser } from './mail-servers';

export interface FormValues {
  name: string;
  email: string;
  password: string;
  imap: { port: number; security: Security };
  smtp: { port: number; security: Security };
}

export async function fillAccountForm(page: Page, values: FormValues): Promise<void> {
  const form = page.getByTestId('account-form');
  await form.locator('[name="name"]').fill(values.name);
  await form.locator('[name="email"]').fill(values.email);
  await form.locator('[name="password"]').fill(values.password);
  for (const kind of ['imap', 'smtp'] as const) {
    await form.locator(`[name="${kind}.host"]`).fill('127.0.0.1');
    // Encryption first: changing it resets a default port.
    await form.locator(`[name="${kind}.security"]`).selectOption(values[kind].security);
    await form.locator(`[name="${kind}.port"]`).fill(String(values[kind].port));
  }
}

/** A test user's mailbox on the test servers: IMAPS, and submission with STARTTLS. */
export function fillTestAccount(page: Page, user: TestUser, servers: MailServers, name = 'Support'): Promise<void> {
  return fillAccountForm(page, {
    name,
    email: user.email,
    password: user.password,
    imap: { port: servers.imapsPort, security: 'tls' },
    smtp: { port: servers.submissionPort, security: 'starttls' },
  });
}

/** Adds a test user's mailbox through the form, from the first "Add account" button to the form closing. */
export async function addTestAccount(page: Page, user: TestUser, servers: MailServers): Promise<void> {
  await page.getByTestId('add-account-button').first().click();
  await fillTestAccount(page, user, servers);
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-form')).toBeHidden();
}
