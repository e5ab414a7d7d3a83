/**
 * The export and report channels. The submission runs asynchronously (the writer streams and
 * yields to the event loop), so other calls are answered while it runs and `export.progress`
 * reads what it reports.
 */
import { CrfError } from '../../shared/errors';
import type { SessionHandlers } from './handlers';

const notYet = (what: string): never => {
  throw new CrfError({ code: 'UNSUPPORTED', message: `${what} is not available in this build` });
};

export const exportHandlers: Pick<SessionHandlers, 'reports.summary' | 'export.profiles' | 'export.run' | 'export.progress' | 'export.worklist'> = {
  'reports.summary': (_i, { s }) => {
    s.require('report.read');
    return notYet('The summary report');
  },
  'export.profiles': (_i, { s }) => {
    s.require('export.deidentified');
    return notYet('Export');
  },
  'export.run': (_i, { s }) => {
    s.require('export.deidentified');
    return notYet('Export');
  },
  'export.progress': (_i, { s, state }) => {
    s.require('export.deidentified');
    return { ...state.exportProgress };
  },
  'export.worklist': (_i, { s }) => {
    s.require('worklist.read');
    return notYet('The worklist export');
  },
};
