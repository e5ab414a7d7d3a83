import type { ProtocolInput } from '../../../shared/protocol/schema';

export type FieldInput = ProtocolInput['forms'][number]['fields'][number];
export type FormInput = ProtocolInput['forms'][number];
export type EventInput = ProtocolInput['events'][number];

export interface ReportItem {
  /** `form.field`, `event x`, or `study`. */
  where: string;
  what: string;
}
/** What a conversion did: nothing is dropped without a line here. */
export interface Report {
  converted: ReportItem[];
  approximated: ReportItem[];
  refused: ReportItem[];
  /** Date and free-text fields whose PHI class a person must confirm. */
  confirmPhi: ReportItem[];
}
export const emptyReport = (): Report => ({ converted: [], approximated: [], refused: [], confirmPhi: [] });
