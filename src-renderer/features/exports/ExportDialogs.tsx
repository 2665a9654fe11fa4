import { CsvExportDialog } from './CsvExportDialog';
import { ExportJobs } from './ExportJobs';
import { ZipExportDialog } from './ZipExportDialog';

/** Everything exports show, wherever the export was asked for (stores/exports.ts). */
export function ExportDialogs() {
  return (
    <>
      <CsvExportDialog />
      <ZipExportDialog />
      <ExportJobs />
    </>
  );
}
