/**
 * The settings window's team section in the browser host, against real Dovecot: queues
 * with members, routing rules and the other team settings, every field's problem named
 * with its fix, settings that survive a reload (they live in the account's team log),
 * and a queue in use that is not deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { makeDataDir, startHost, type RunningHost } from '../support/host';
import { fillTestAccount } from '../support/account-form';

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');
const [alice] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[0]];

let servers: MailServers;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  servers = await startMailServers();
  host = await startHost({ dataDir: makeDataDir() });
});

test.afterAll(async () => {
  await host?.stop();
  await servers?.stop();
});

async function openSettings(page: Page) {
  await page.goto(`${host.url}#/settings`);
  await expect(page.getByTestId('settings-page')).toBeVisible();
}

test('an admin sets up queues, routing and rules of work; each mistake names its fix', async ({ page }) => {
  await openSettings(page);
  await page.getByTestId('add-account-button').first().click();
  await page.getByTestId('provider-choice-manual').click();
  await fillTestAccount(page, alice, servers);
  await page.locator('[name="key"]').fill('SUP');
  await page.getByTestId('save-account').click();
  await expect(page.getByTestId('account-row').filter({ hasText: alice.email })).toBeVisible();
  // The agent's profile (the main window's first-start dialog asks it) makes them an agent of the account.
  await page.evaluate(() => window.mailroom.saveProfile({ name: 'Ada Admin', email: 'ada@example.test' }));

  const team = page.getByTestId('team-settings');
  await expect(team).toContainText('not a security boundary');
  await expect(team.getByTestId('team-log-status')).toContainText('Team log');

  // Queues: add one, make the agent a member.
  await team.getByLabel('New queue').fill('Billing');
  await team.getByRole('button', { name: 'Add queue' }).click();
  const billing = team.getByTestId('team-queue').filter({ hasText: 'Billing' });
  await expect(billing).toBeVisible();
  await billing.getByLabel('Ada Admin').check();
  await billing.getByRole('button', { name: 'Save members of Billing' }).click();
  await expect(billing.getByLabel('Ada Admin')).toBeChecked();
  await expect(billing.getByRole('button', { name: 'Save members of Billing' })).toBeDisabled();

  // Every field's problem, named with the fix.
  const form = page.getByRole('form', { name: 'Team settings' });
  await form.getByLabel('Ticket token prefix').fill('9X');
  await form.getByLabel('Wait for the assigned agent (seconds)').fill('0');
  await form.getByLabel('Wait for the assigned queue (seconds)').fill('ten');
  await form.getByLabel('Mandatory disposition').check();
  await form.getByRole('button', { name: 'Add routing rule' }).click();
  await form.getByLabel('Rule 1: match').selectOption('header');
  await form.getByLabel('Rule 1: from').fill('08:00');
  await form.getByLabel('Rule 1: time zone').fill('Mars/Olympus');
  // A new rule starts in the standard queue; keeping it with no tag or agent does nothing.
  await form.getByLabel('Rule 1: to queue').selectOption('');
  await form.getByRole('button', { name: 'Save team settings' }).click();
  await expect(form).toContainText('Start with a letter and use letters and digits only, for example MR.');
  await expect(form).toContainText('Wait at least 1 second for the agent.');
  await expect(form).toContainText('Enter whole seconds, for example 10.');
  await expect(form).toContainText('Name the header to match, e.g. X-Priority.');
  await expect(form).toContainText('Give both the start and the end of the time window, or neither.');
  await expect(form).toContainText('Choose a queue, a tag or an agent for matching tickets.');
  await expect(form.getByTestId('team-problems')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '60-team-settings-validation.png'), fullPage: true });

  // Checks that need the team (a time zone, dispositions for a mandatory disposition) too.
  await form.getByLabel('Ticket token prefix').fill('SUP');
  await form.getByLabel('Wait for the assigned agent (seconds)').fill('15');
  await form.getByLabel('Wait for the assigned queue (seconds)').fill('120');
  await form.getByLabel('Rule 1: header name').fill('X-Priority');
  await form.getByLabel('Rule 1: value').fill('1');
  await form.getByLabel('Rule 1: until').fill('17:30');
  await form.getByLabel('Rule 1: to queue').selectOption('Billing');
  await form.getByRole('button', { name: 'Save team settings' }).click();
  await expect(form).toContainText('"Mars/Olympus" is not a time zone. Use a name like Europe/Berlin');
  await expect(form).toContainText('Add at least one disposition, or turn off "mandatory disposition".');

  await form.getByLabel('Rule 1: time zone').fill('Europe/Berlin');
  await form.getByLabel('Dispositions (one per line)').fill('Solved\nSpam');
  await form.getByLabel('Mon', { exact: true }).check();
  await form.getByLabel('Allow transfers').uncheck();
  await form.getByLabel('Leave it unassigned in the queue').check();
  await form.getByRole('button', { name: 'Save team settings' }).click();
  await expect(page.getByTestId('team-saved')).toBeVisible();
  await expect(form.getByTestId('team-problems')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, '61-team-settings-saved.png'), fullPage: true });

  // The settings come back from the account's team log after a reload.
  await page.reload();
  const again = page.getByRole('form', { name: 'Team settings' });
  await expect(again.getByLabel('Ticket token prefix')).toHaveValue('SUP');
  await expect(again.getByLabel('Wait for the assigned agent (seconds)')).toHaveValue('15');
  await expect(again.getByLabel('Rule 1: header name')).toHaveValue('X-Priority');
  await expect(again.getByLabel('Rule 1: to queue')).toHaveValue('Billing');
  await expect(again.getByLabel('Rule 1: time zone')).toHaveValue('Europe/Berlin');
  await expect(again.getByLabel('Allow transfers')).not.toBeChecked();
  await expect(again.getByLabel('Dispositions (one per line)')).toHaveValue('Solved\nSpam');

  // A queue a rule sends tickets to stays, and the refusal says what to change first.
  const queue = page.getByTestId('team-queue').filter({ hasText: 'Billing' });
  await queue.getByRole('button', { name: 'Delete queue Billing' }).click();
  await expect(queue.getByTestId('queue-error')).toContainText('Routing rule 1 sends tickets to "Billing".');
  await expect(queue.getByTestId('queue-error')).toContainText('Change or delete that rule first');
});
