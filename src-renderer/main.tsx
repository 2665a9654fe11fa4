import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Root } from './app/Root';
import { hasBridge } from './lib/bridge';
import { connectBridge } from './stores/wire';
import { followAddress } from './stores/workspace';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/sidebar.css';
import './styles/messages.css';
import './styles/search.css';
import './styles/message-view.css';
import './styles/attachments.css';
import './styles/tickets.css';
import './styles/team.css';
import './styles/contacts.css';
import './styles/reports.css';
import './styles/outbox.css';
import './styles/exports.css';
import './styles/interactions.css';
import './styles/dialog.css';
import './styles/account-form.css';
import './styles/settings.css';
import './styles/team-settings.css';
import './styles/editor.css';
import './styles/auto-reply.css';
import './styles/canned.css';
import './styles/compose.css';
import './styles/commands.css';

// The CSP forbids eval; without this zod would probe new Function() and log a violation.
z.config({ jitless: true });

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

if (hasBridge()) {
  connectBridge();
  followAddress(window);
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
} else {
  // Opened outside Electron and the browser host: say so instead of a blank window.
  container.innerHTML =
    '<div class="fatal"><h1>Mailroom cannot start</h1><p>The connection to the Mailroom app is missing. Open Mailroom from its app icon, or through the browser host.</p></div>';
}
