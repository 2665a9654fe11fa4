import { useEffect, useRef } from 'react';
import { MessageView } from '../../mail-view/MessageView';
import { setMessageFlags } from '../../stores/flags';
import { useMessagesStore } from '../../stores/messages';
import { useReaderStore } from '../../stores/reader';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox } from '../../ui/ErrorBox';
import { MailIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { ComposeButtons } from '../compose/ComposeButtons';
import { OnDemandDownload } from './OnDemandDownload';

export function ReadingPane() {
  const { openId, detail, loading, error } = useReaderStore();
  const hasMessages = useMessagesStore((s) => (s.total ?? 0) > 0);
  const paneRef = useRef<HTMLElement>(null);

  // A newly opened message starts at its top, not where the last one was scrolled to.
  useEffect(() => {
    if (paneRef.current) paneRef.current.scrollTop = 0;
  }, [openId]);

  // Opening a message marks it read at once, once per opening: "Mark as unread" then sticks.
  const markedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!openId) {
      markedFor.current = null;
      return;
    }
    if (!detail || detail.id !== openId || markedFor.current === openId) return;
    markedFor.current = openId;
    if (!detail.seen) void setMessageFlags(detail, { seen: true });
  }, [openId, detail]);

  let content;
  if (openId && error) {
    content = (
      <div className="pane-pad">
        <ErrorBox title="This message could not be opened" error={error} />
      </div>
    );
  } else if (openId && (loading || !detail)) {
    content = (
      <div className="mv-loading mv-loading--pane">
        <Spinner /> Loading message…
      </div>
    );
  } else if (detail?.onDemand) {
    content = <OnDemandDownload message={detail} onDemand={detail.onDemand} />;
  } else if (detail) {
    content = (
      <>
        <div className="reading-pane__actions">
          <ComposeButtons source={{ messageId: detail.id }} />
        </div>
        <MessageView message={detail} />
      </>
    );
  } else if (hasMessages) {
    content = (
      <EmptyState kind="no-selection" icon={<MailIcon size={22} />} title="Select a conversation to read it">
        Click one in the list, or move with <kbd>J</kbd> and <kbd>K</kbd> (or <kbd>↑</kbd> <kbd>↓</kbd>) and press <kbd>Enter</kbd>.
      </EmptyState>
    );
  } else {
    content = null; // The list pane already says what is going on.
  }

  return (
    <section ref={paneRef} className="reading-pane" aria-label="Message">
      {content}
    </section>
  );
}
