/** The admin screen's amendment: the same service as `sitecrf study amend` (main/study/amend.ts). */
import { amendStudy, previewAmendment } from '../study/amend';
import type { SessionHandlers } from './handlers';

export const studyHandlers: Pick<SessionHandlers, 'study.amendPreview' | 'study.amend'> = {
  'study.amendPreview': (i, { s }) => previewAmendment(s, { text: i.text }),
  'study.amend': (i, { s }) => amendStudy(s, { text: i.text, reason: i.reason }),
};
