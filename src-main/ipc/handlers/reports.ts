import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function reportHandlers(s: Services): Pick<Handlers, 'getReport'> {
  return {
    getReport: async ({ filter }) => s.reports.report(filter),
  };
}
