import { useEffect, useState } from 'react';
import type { ErrorInfo, MessageDetail } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { formatFullDate, formatSize, senderName, subjectOrPlaceholder } from '../../lib/format';
import { useReaderStore } from '../../stores/reader';
import { ErrorBox } from '../../ui/ErrorBox';

type OnDemand = NonNullable<MessageDetail['onDemand']>;

/**
 * A message bigger than its account downloads by itself: its headers, its size and the
 * download, asked for here and followed byte by byte (messageDownload events).
 */
export function OnDemandDownload({ message, onDemand }: { message: MessageDetail; onDemand: OnDemand }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(
    () =>
      bridge().on('messageDownload', (p) => {
        if (p.messageId === message.id) setProgress({ done: p.done, total: p.total });
      }),
    [message.id],
  );

  const download = async () => {
    setError(null);
    setProgress({ done: 0, total: onDemand.size });
    try {
      useReaderStore.getState().show(await bridge().downloadMessage({ messageId: message.id }));
    } catch (err) {
      setProgress(null);
      setError(toErrorInfo(err));
    }
  };

  return (
    <div className="pane-pad on-demand" data-testid="on-demand-download">
      <h2 className="on-demand__subject">{subjectOrPlaceholder(message.subject)}</h2>
      <p className="on-demand__meta">
        {senderName(message.from)} · {formatFullDate(message.date)}
      </p>
      <p className="on-demand__why">
        This message is {formatSize(onDemand.size)}, more than the {onDemand.limitMb} MB this account downloads automatically (see the account&rsquo;s Import
        settings).{message.hasAttachments && ' Its attachments open, save and preview once it is downloaded.'}
      </p>
      {progress ? (
        <div className="on-demand__progress" role="status">
          <progress max={progress.total} value={progress.done} aria-label="Download progress" />
          <span>
            {formatSize(progress.done)} of {formatSize(progress.total)}
          </span>
        </div>
      ) : (
        <button type="button" className="button button--primary" data-testid="download-message" onClick={() => void download()}>
          Download this message ({formatSize(onDemand.size)})
        </button>
      )}
      {error && <ErrorBox title="The message was not downloaded" error={error} />}
    </div>
  );
}
