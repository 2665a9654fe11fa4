import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function exportHandlers(s: Services): Pick<Handlers, 'exportCsv' | 'exportZip' | 'cancelExport' | 'showExport'> {
  return {
    exportCsv: async (request) => s.exports.exportCsv(request),
    exportZip: async (request) => s.exports.exportZip(request),
    cancelExport: async ({ id }) => ({ cancelled: s.exports.cancel(id) }),
    showExport: async ({ id }) => ({ shown: s.exports.showInFolder(id) }),
  };
}
