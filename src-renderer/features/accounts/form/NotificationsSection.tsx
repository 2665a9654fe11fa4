import { useRef, useState, useSyncExternalStore } from 'react';
import { NOTIFICATION_VARIABLES, type NotificationVariable } from '../../../../src-preload/contract';
import { fillNotification, SAMPLE_NOTIFICATION_VALUES } from '../../../../src-preload/notification-text';
import { useStatusStore } from '../../../stores/status';
import { BellIcon, InfoIcon } from '../../../ui/icons';
import { askPermission, permissionState, type NotificationPermissionState } from '../../notifications/web-notifications';
import type { AccountFormApi } from '../useAccountForm';
import { bind } from './bind';
import { FormSection } from './FormSection';

type Template = 'notifications.title' | 'notifications.body';

const VARIABLE_NAMES = Object.keys(NOTIFICATION_VARIABLES) as NotificationVariable[];

/** The browser's answer changes outside React (the prompt, the site settings): read it when the window gets the focus back. */
function usePermission(): [NotificationPermissionState, () => void] {
  const [, bump] = useState(0);
  const state = useSyncExternalStore(
    (onChange) => {
      window.addEventListener('focus', onChange);
      return () => window.removeEventListener('focus', onChange);
    },
    permissionState,
  );
  return [state, () => bump((n) => n + 1)];
}

/** The browser host shows notifications through the browser, which must allow them first. */
function BrowserPermission() {
  const [state, refresh] = usePermission();
  if (state === 'granted') return null;
  const text =
    state === 'unsupported'
      ? 'This browser cannot show desktop notifications. Use the Mailroom app, or a browser that can.'
      : state === 'denied'
        ? 'This browser blocks notifications from Mailroom. Allow them in the site settings (the icon left of the address), then come back.'
        : 'This browser has not been asked yet whether Mailroom may show notifications.';
  return (
    <div className="notice notice--warning notification-permission" data-testid="notification-permission" data-state={state}>
      <span className="notice__icon">
        <InfoIcon size={15} />
      </span>
      <div className="notice__text">{text}</div>
      {state === 'default' && (
        <button type="button" className="button button--secondary button--small" onClick={() => void askPermission().then(refresh)}>
          Allow notifications
        </button>
      )}
    </div>
  );
}

/** How a notification from this account will read, with sample values. */
function NotificationPreview({ form }: { form: AccountFormApi }) {
  const { fields } = form;
  const values = { ...SAMPLE_NOTIFICATION_VALUES, account: fields.name.trim() || SAMPLE_NOTIFICATION_VALUES.account, queue: fields['import.standardQueue'].trim() || fields.name.trim() || SAMPLE_NOTIFICATION_VALUES.queue };
  const off = !fields['notifications.enabled'];
  return (
    <div className="notification-preview" data-testid="notification-preview" aria-label="Preview of a notification">
      <div className="identity-preview__label">Preview</div>
      <div className={`notification-preview__card${off ? ' notification-preview__card--off' : ''}`}>
        <span className="notification-preview__icon" aria-hidden="true">
          <BellIcon size={16} />
        </span>
        <div className="notification-preview__text">
          <div className="notification-preview__app">Mailroom</div>
          <div className="notification-preview__title" data-testid="notification-preview-title">
            {fillNotification(fields['notifications.title'], values)}
          </div>
          <div className="notification-preview__body">{fillNotification(fields['notifications.body'], values)}</div>
        </div>
      </div>
      <p className="identity-preview__note">
        {off
          ? 'Off: new tickets of this account show no notification on this computer.'
          : `Several new tickets in one queue within a few seconds show as one, e.g. “12 new in ${values.queue}”. Clicking opens the ticket.`}
      </p>
    </div>
  );
}

/** Desktop notifications for this account's new tickets: on or off, what they say, the sound. Kept on this computer. */
export function NotificationsSection({ form, formId }: { form: AccountFormApi; formId: string }) {
  const f = bind(form);
  const browserHost = useStatusStore((s) => s.status?.host === 'browser');
  const titleRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState<Template>('notifications.title');

  /** Puts a variable where the cursor is in the template last worked on (the title by default). */
  const insert = (token: string) => {
    const el = (target === 'notifications.title' ? titleRef : bodyRef).current;
    const value = form.fields[target];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    form.setField(target, value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <FormSection
      id="notifications"
      formId={formId}
      title="Notifications"
      description="A desktop notification when a new ticket arrives in your queues or is offered to you. None while you are paused. These settings are for this computer."
    >
      {browserHost && <BrowserPermission />}
      <div className="identity-layout">
        <div className="identity-layout__fields">
          <div className="check-stack">
            {f.check('notifications.enabled', 'Show a notification for new tickets', 'Turn off for an account whose mail someone else watches.')}
          </div>
          <div className="var-chips" role="group" aria-label="Insert a variable">
            <span className="var-chips__label">Insert into {target === 'notifications.title' ? 'title' : 'text'}:</span>
            {VARIABLE_NAMES.map((name) => (
              <button
                key={name}
                type="button"
                className="var-chip"
                title={`Insert ${NOTIFICATION_VARIABLES[name].toLowerCase()}`}
                // Keep the focus (and the cursor) in the template.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(`{{${name}}}`)}
              >
                {`{{${name}}}`}
              </button>
            ))}
          </div>
          <div className="form-row form-row--single">
            {f.text('notifications.title', 'Title', { ref: titleRef, onFocus: () => setTarget('notifications.title'), placeholder: 'e.g. New in {{queue}}: {{customer}}' })}
          </div>
          <div className="form-row form-row--single">
            {f.text('notifications.body', 'Text', {
              ref: bodyRef,
              onFocus: () => setTarget('notifications.body'),
              placeholder: 'e.g. {{subject}}',
              hint: form.errors['notifications.body'] ? undefined : 'Variables: {{customer}}, {{subject}}, {{account}}, {{queue}}.',
            })}
          </div>
          <div className="check-stack notification-sound">{f.check('notifications.sound', 'Play a sound', "The desktop's notification sound, with each notification of this account.")}</div>
        </div>
        <div className="identity-layout__preview">
          <NotificationPreview form={form} />
        </div>
      </div>
    </FormSection>
  );
}
