/**
 * What the Summary sheet tabulates for a study: the outcome measured before and after, the
 * categorical fields counted, and how complications are graded. Data, so a second study adds
 * its own entry; the stratum comes from the protocol's stratifyBy.
 */
import type { FieldRef } from '../../shared/protocol/schema';

type Ref = FieldRef & { form: string };

export interface SummarySpec {
  outcome?: { id: string; label: string; pre: Ref; post: { id: string; label: string; ref: Ref }[] };
  counts: Ref[];
  complications?: { form: string; gradeField: string; major: string[]; minor: string[] };
}

export const SUMMARY_SPECS: Record<string, SummarySpec> = {
  SACRO: {
    outcome: {
      id: 'vas',
      label: 'Pain (VAS 0–10)',
      pre: { form: 'BASE', event: 'screening', field: 'vas_pre' },
      post: [
        { id: '1m', label: '1 month', ref: { form: 'FU', event: 'fu_1m', field: 'vas_post' } },
        { id: '1y', label: '1 year', ref: { form: 'FU', event: 'fu_1y', field: 'vas_post' } },
      ],
    },
    counts: [{ form: 'PROC', event: 'procedure', field: 'hospitalization' }],
    // protocol.md: major = SIR grade C–F, minor = A–B.
    complications: { form: 'AE', gradeField: 'ae_grade', major: ['C', 'D', 'E', 'F'], minor: ['A', 'B'] },
  },
};

export const EMPTY_SPEC: SummarySpec = { counts: [] };
