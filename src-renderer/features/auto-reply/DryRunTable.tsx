import { useState } from 'react';
import type { AutoReplyDryRun, AutoReplySkipReason } from '../../../src-preload/contract';
import { formatListDate, subjectOrPlaceholder } from '../../lib/format';
import { CheckIcon, CrossIcon } from '../../ui/icons';

/** Short names of the reasons for the summary line; the table gives each mail's reason in full. */
const REASON_NAMES: Record<AutoReplySkipReason, string> = {
  disabled: 'turned off',
  'auto-submitted': 'sent by a program',
  'bulk-precedence': 'bulk mail',
  'mailing-list': 'mailing list',
  'robot-sender': 'robot sender',
  'empty-return-path': 'bounce',
  'own-address': 'from your own accounts',
  'before-enabled': 'before it was on',
  'reply-in-ticket': 'reply in a ticket',
  'rate-limited': 'sender already answered',
  'no-sender': 'no sender',
  outgoing: 'sent by you',
};

type Shown = 'all' | 'reply' | 'skip';

/** "Of the last 100 mails, these 12 would get an auto-reply, these 88 would not, and why." */
export function DryRunTable({ dryRun }: { dryRun: AutoReplyDryRun }) {
  const [shown, setShown] = useState<Shown>('all');
  const skipped = dryRun.considered - dryRun.replies;
  if (dryRun.considered === 0) {
    return (
      <p className="auto-reply__dry-summary" data-testid="auto-reply-dry-summary">
        No received mail in this account yet: once mail arrives, try again to see which would get an auto-reply.
      </p>
    );
  }
  const counts = new Map<AutoReplySkipReason, number>();
  for (const v of dryRun.verdicts) if (v.reason) counts.set(v.reason, (counts.get(v.reason) ?? 0) + 1);
  const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${REASON_NAMES[reason]}`);
  const rows = dryRun.verdicts.filter((v) => shown === 'all' || (shown === 'reply') === v.reply);
  const choice = (value: Shown, label: string) => (
    <label className="auto-reply__show">
      <input type="radio" name="auto-reply-shown" value={value} checked={shown === value} onChange={() => setShown(value)} />
      {label}
    </label>
  );
  return (
    <section className="auto-reply__dry" aria-labelledby="auto-reply-dry-title" data-testid="auto-reply-dry-run-result">
      <h3 className="form-section__title" id="auto-reply-dry-title">
        Tried on the last {dryRun.considered} received mails
      </h3>
      <p className="auto-reply__dry-summary" data-testid="auto-reply-dry-summary">
        <strong>{dryRun.replies}</strong> would get an auto-reply, <strong>{skipped}</strong> would not
        {reasons.length > 0 && ` (${reasons.join(', ')})`}. As if each arrived now with these settings, unsaved changes included.
      </p>
      <fieldset className="auto-reply__filter">
        <legend className="visually-hidden">Show</legend>
        {choice('all', `All ${dryRun.considered}`)}
        {choice('reply', `Would get one (${dryRun.replies})`)}
        {choice('skip', `Would not (${skipped})`)}
      </fieldset>
      <div className="auto-reply__table-wrap">
        <table className="auto-reply__table">
          <thead>
            <tr>
              <th scope="col" className="col-date">
                Received
              </th>
              <th scope="col" className="col-from">
                From
              </th>
              <th scope="col">Subject</th>
              <th scope="col" className="col-verdict">
                Auto-reply
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.messageId} data-testid="auto-reply-verdict" data-reply={v.reply}>
                <td>{formatListDate(v.date)}</td>
                <td className="auto-reply__cut" title={v.from}>
                  {v.from || '(no sender)'}
                </td>
                <td className="auto-reply__cut" title={v.subject}>
                  {subjectOrPlaceholder(v.subject)}
                </td>
                <td>
                  <span className={`auto-reply__verdict auto-reply__verdict--${v.reply ? 'yes' : 'no'}`}>
                    {v.reply ? <CheckIcon size={13} /> : <CrossIcon size={13} />}
                    {v.reply ? 'Would get one' : 'None'}
                  </span>
                </td>
                <td className="auto-reply__why">{v.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
