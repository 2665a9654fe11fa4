import { useState } from 'react';
import { bridge } from '../lib/bridge';
import { useStatusStore } from '../stores/status';

/**
 * "Update ready": the installed app downloaded a new version. It is installed only
 * when the user presses Restart, never by itself, so nothing being written is lost.
 */
export function UpdateBanner() {
  const update = useStatusStore((s) => s.status?.update);
  const [failed, setFailed] = useState(false);
  if (update?.state !== 'ready') return null;

  const restart = async () => {
    setFailed(false);
    try {
      const { restarting } = await bridge().restartToUpdate({});
      if (!restarting) setFailed(true);
    } catch {
      setFailed(true);
    }
  };

  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <span>Update {update.version} is ready.</span>
      <button type="button" className="sidebar__add" onClick={() => void restart()}>
        Restart to update
      </button>
      {failed && <span className="sidebar__warning">The update could not be installed now; it will be offered again.</span>}
    </div>
  );
}
