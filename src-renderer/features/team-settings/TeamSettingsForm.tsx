import { useState, type ReactNode } from 'react';
import type { ErrorInfo, TeamView } from '../../../src-preload/contract';
import { MAX_WAIT_SEC } from '../../../src-preload/contract';
import { useTeamSettingsStore } from '../../stores/teamSettings';
import { useToastsStore } from '../../stores/toasts';
import { ErrorBox } from '../../ui/ErrorBox';
import { CheckboxField, RadioGroupField, TextAreaField, TextField } from '../../ui/Field';
import { AgentChecks } from './AgentChecks';
import { checkDraft, draftOf, type SettingsDraft } from './draft';
import { RoutingRulesEditor } from './RoutingRulesEditor';

function Part({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section className="form-section" aria-labelledby={`team-${id}-title`} data-testid={`team-${id}`}>
      <header className="form-section__header">
        <div>
          <h3 className="form-section__title" id={`team-${id}-title`}>
            {title}
          </h3>
          {description && <p className="form-section__description">{description}</p>}
        </div>
      </header>
      {children}
    </section>
  );
}

/** The account's team settings: travel through its team log, so every agent's app applies the same. */
export function TeamSettingsForm({ team, standardQueue }: { team: TeamView; standardQueue: string }) {
  const revision = useTeamSettingsStore((s) => s.revision);
  const saveSettings = useTeamSettingsStore((s) => s.saveSettings);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(team.settings));
  const [dirty, setDirty] = useState(false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ErrorInfo | null>(null);

  // Saved here or changed by another admin: show it, unless this form holds edits.
  const [seenRevision, setSeenRevision] = useState(revision);
  if (seenRevision !== revision) {
    setSeenRevision(revision);
    if (!dirty) setDraft(draftOf(team.settings));
  }

  const facts = { queues: team.queues.map((q) => q.name), agents: team.agents.map((a) => a.id), standardQueue };
  const { settings, errors } = checkDraft(draft, facts);
  const shown = tried ? errors : {};
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDirty(true);
  };

  const save = async () => {
    setTried(true);
    if (!settings) return;
    setBusy(true);
    const refused = await saveSettings(settings);
    setBusy(false);
    setRefusal(refused);
    if (!refused) {
      setDirty(false);
      setTried(false);
      useToastsStore.getState().push({ kind: 'success', title: 'Team settings saved', text: 'Every agent of this account gets them through the team log.', testId: 'team-saved' });
    }
  };
  const problemCount = Object.keys(errors).length;

  return (
    <form
      className="team-form"
      aria-label="Team settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Part id="tickets" title="Tickets">
        <TextField
          name="tokenPrefix"
          label="Ticket token prefix"
          hint="Put in the subject of what Mailroom sends, e.g. [#MR-1042], so replies find their ticket."
          value={draft.tokenPrefix}
          error={shown.tokenPrefix}
          onValue={(v) => set('tokenPrefix', v)}
        />
        <CheckboxField
          name="reopenOnReply"
          label="Reopen a closed ticket when the customer writes again"
          hint="Off: the ticket stays closed and is marked unread."
          checked={draft.reopenOnReply}
          onValue={(v) => set('reopenOnReply', v)}
        />
        <CheckboxField name="createContacts" label="Make unknown senders contacts" checked={draft.createContacts} onValue={(v) => set('createContacts', v)} />
      </Part>

      <Part id="offers" title="Offers" description="Routing offers a new ticket to an online member of its queue; the agent accepts it or it moves on.">
        <div className="form-row">
          <TextField
            name="offerAgentSec"
            label="Wait for the assigned agent (seconds)"
            inputMode="numeric"
            hint={`1 to ${MAX_WAIT_SEC.toLocaleString('en')}`}
            value={draft.offerAgentSec}
            error={shown.offerAgentSec}
            onValue={(v) => set('offerAgentSec', v)}
          />
          <TextField
            name="offerQueueSec"
            label="Wait for the assigned queue (seconds)"
            inputMode="numeric"
            hint={`1 to ${MAX_WAIT_SEC.toLocaleString('en')}`}
            value={draft.offerQueueSec}
            error={shown.offerQueueSec}
            onValue={(v) => set('offerQueueSec', v)}
          />
        </div>
        <RadioGroupField
          name="afterQueueWait"
          label="When nobody took it from the queue"
          value={draft.afterQueueWait}
          options={[
            { value: 'next-agent', label: 'Offer it to the next online agent' },
            { value: 'stay-unassigned', label: 'Leave it unassigned in the queue' },
          ]}
          onValue={(v) => set('afterQueueWait', v)}
        />
        <CheckboxField
          name="allowTransfers"
          label="Allow transfers"
          hint="To another agent, another queue or another account's queue, with the same waits; a transfer not accepted in time comes back unread."
          checked={draft.allowTransfers}
          onValue={(v) => set('allowTransfers', v)}
        />
      </Part>

      <Part id="dispositions" title="Dispositions" description="How a ticket ended, e.g. Solved or Spam.">
        <TextAreaField name="dispositions" label="Dispositions (one per line)" rows={4} value={draft.dispositions} error={shown.dispositions} onValue={(v) => set('dispositions', v)} />
        <CheckboxField
          name="mandatoryDisposition"
          label="Mandatory disposition"
          hint="A ticket is closed only with a disposition."
          checked={draft.mandatoryDisposition}
          error={shown.mandatoryDisposition}
          onValue={(v) => set('mandatoryDisposition', v)}
        />
        <CheckboxField
          name="pauseUntilDisposition"
          label="Pause the agent until the disposition is set"
          checked={draft.pauseUntilDisposition}
          error={shown.pauseUntilDisposition}
          onValue={(v) => set('pauseUntilDisposition', v)}
        />
      </Part>

      <Part
        id="visibility"
        title="Who works this account"
        description="These are the team's working rules, not a security boundary: whoever holds the mailbox's credentials can read the whole mailbox, team log included."
      >
        <AgentChecks
          legend="Account members"
          name="members"
          hint="None ticked: every agent who has the account."
          agents={team.agents}
          selected={draft.members}
          error={Object.entries(shown).find(([k]) => k.startsWith('members'))?.[1]}
          onChange={(v) => set('members', v)}
        />
        <AgentChecks
          legend="Visible only for"
          name="visibleOnlyFor"
          hint="Narrows the members further; none ticked: no narrowing."
          agents={team.agents}
          selected={draft.visibleOnlyFor}
          error={Object.entries(shown).find(([k]) => k.startsWith('visibleOnlyFor'))?.[1]}
          onChange={(v) => set('visibleOnlyFor', v)}
        />
      </Part>

      <Part id="routing" title="Routing rules" description="Run in order on every new ticket: the first rule that matches chooses its queue, tag or agent.">
        <RoutingRulesEditor rules={draft.routing} team={team} standardQueue={standardQueue} errors={shown} onChange={(v) => set('routing', v)} />
      </Part>

      {refusal && <ErrorBox error={refusal} title="Not saved" testId="team-save-error" />}
      <div className="team-form__footer">
        {tried && problemCount > 0 && (
          <p className="field__error" role="alert" data-testid="team-problems">
            {problemCount === 1 ? 'One field needs a fix' : `${problemCount} fields need a fix`}: see the messages above.
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy || !dirty}>
          Save team settings
        </button>
      </div>
    </form>
  );
}
