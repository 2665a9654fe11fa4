import { useEffect, useState } from 'react';
import type { ErrorInfo } from '../../src-preload/contract';
import { useTrustedImageSendersStore } from '../stores/trustedImageSenders';
import { EmptyState } from '../ui/EmptyState';
import { ErrorBox, LoadError } from '../ui/ErrorBox';
import { ImageIcon, TrashIcon } from '../ui/icons';
import { Spinner } from '../ui/Spinner';

/**
 * The settings page's list of senders whose remote images show without asking ("Always
 * show images from this sender" in the reading pane): see them, and stop trusting one.
 */
export function TrustedImageSendersSection() {
  const list = useTrustedImageSendersStore((s) => s.list);
  const loadError = useTrustedImageSendersStore((s) => s.loadError);
  const load = useTrustedImageSendersStore((s) => s.load);
  const setTrusted = useTrustedImageSendersStore((s) => s.setTrusted);
  const [removeError, setRemoveError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (address: string) => setRemoveError(await setTrusted(address, false));

  return (
    <section className="settings__section" aria-labelledby="trusted-image-senders-title" data-testid="trusted-image-senders">
      <div className="settings__section-head">
        <div>
          <h2 className="settings__section-title" id="trusted-image-senders-title">
            Trusted image senders
          </h2>
          <p className="settings__section-text">
            Remote images in mail from these senders show without asking. Images of everyone else stay blocked until you choose Show images, so senders cannot
            see when you read their mail.
          </p>
        </div>
      </div>
      {removeError && <ErrorBox title="The sender could not be removed" error={removeError} testId="trusted-image-senders-error" />}
      {list === null && loadError ? (
        <LoadError error={loadError} title="The trusted senders could not be read" testId="trusted-image-senders-load-error" onRetry={() => void load(true)} />
      ) : list === null ? (
        <Spinner label="Reading the trusted senders" />
      ) : list.length === 0 ? (
        <div className="settings__empty">
          <EmptyState icon={<ImageIcon size={22} />} title="No trusted senders yet" testId="trusted-image-senders-empty">
            Open a message whose images are blocked and choose “Always show images from …”: its sender is listed here, and can be removed again.
          </EmptyState>
        </div>
      ) : (
        <ul className="settings__list" aria-label="Trusted image senders">
          {list.map((address) => (
            <li key={address} className="settings__list-row" data-testid="trusted-image-sender">
              <span className="settings__list-text ellipsis" title={address}>
                {address}
              </span>
              <button
                type="button"
                className="button button--small button--secondary"
                aria-label={`Remove ${address}`}
                data-testid="trusted-image-sender-remove"
                onClick={() => void remove(address)}
              >
                <TrashIcon size={13} />
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
