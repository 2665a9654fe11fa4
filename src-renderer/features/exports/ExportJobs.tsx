import type { ExportProgress } from '../../../src-preload/contract';
import { useExportsStore } from '../../stores/exports';
import { useStatusStore } from '../../stores/status';
import { ErrorBox } from '../../ui/ErrorBox';
import { CrossIcon } from '../../ui/icons';

const WHAT: Record<ExportProgress['kind'], { noun: string; unit: string }> = {
  csv: { noun: 'CSV export', unit: 'rows' },
  zip: { noun: 'Zip export', unit: 'messages' },
};

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function JobCard({ job, canShow }: { job: ExportProgress; canShow: boolean }) {
  const { cancel, showInFolder, closeJob } = useExportsStore.getState();
  const { noun, unit } = WHAT[job.kind];
  const percent = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : job.state === 'done' ? 100 : 0;
  const title =
    job.state === 'running' ? `${noun}: ${fileName(job.path)}` : job.state === 'done' ? `${noun} saved` : job.state === 'cancelled' ? `${noun} cancelled` : `${noun} failed`;
  return (
    <li className={`export-job export-job--${job.state}`} data-testid="export-job" data-state={job.state} data-kind={job.kind}>
      <div className="export-job__head">
        <span className="export-job__title">{title}</span>
        {job.state !== 'running' && (
          <button type="button" className="icon-button export-job__close" aria-label="Close" onClick={() => closeJob(job.id)}>
            <CrossIcon size={14} />
          </button>
        )}
      </div>
      {job.state === 'running' && (
        <>
          <progress className="export-job__bar" max={100} value={percent} aria-label={`${noun} progress`} />
          <div className="export-job__row">
            <span className="export-job__count">
              {job.done.toLocaleString()} of {job.total.toLocaleString()} {unit}
            </span>
            <button type="button" className="button button--small button--secondary" data-testid="export-cancel" onClick={() => void cancel(job.id)}>
              Cancel
            </button>
          </div>
        </>
      )}
      {job.state === 'done' && (
        <>
          <p className="export-job__count">
            {job.total.toLocaleString()} {unit}
            {job.missing > 0 ? ` (${job.missing.toLocaleString()} not included)` : ''}
          </p>
          <p className="export-job__path" data-testid="export-path" title={job.path}>
            {job.path}
          </p>
          {job.missing > 0 && (
            <p className="export-job__warning" data-testid="export-missing">
              {job.missing === 1 ? '1 message' : `${job.missing} messages`} could not be included: MISSING.txt in the zip says which and why.
            </p>
          )}
          {canShow && (
            <div className="export-job__row">
              <button type="button" className="button button--small button--secondary" onClick={() => void showInFolder(job.id)}>
                Show in folder
              </button>
            </div>
          )}
        </>
      )}
      {job.state === 'cancelled' && <p className="export-job__note">Stopped. No file was written.</p>}
      {job.error && <ErrorBox error={job.error} />}
    </li>
  );
}

/** Exports running or just finished, in a corner: work goes on while they run. */
export function ExportJobs() {
  const jobs = useExportsStore((s) => s.jobs);
  const canShow = useStatusStore((s) => s.status?.host === 'electron');
  if (jobs.length === 0) return null;
  return (
    <section className="export-jobs" aria-label="Exports" aria-live="polite" data-testid="export-jobs">
      <ul className="export-jobs__list">
        {jobs.map((job) => (
          <JobCard key={job.id} job={job} canShow={canShow} />
        ))}
      </ul>
    </section>
  );
}
