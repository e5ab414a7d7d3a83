/**
 * The review before a safe-harbor-text export (issue 14): every free-text value the workbook will
 * carry, each redaction marked in place. Anyone who exports may redact more; only an
 * administrator removes a redaction, with a reason, and never the subject's own identifier. The
 * decisions go with the export (export.run) and main keeps them with the export record.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Stack,
  TablePagination,
  TextField,
  Typography,
} from '@mui/material';
import type { ReviewSpan, ReviewView } from '../../../shared/ipc/review';
import { ReasonPrompt } from '../app/ReasonPrompt';
import { ReviewItemCard } from './ReviewItemCard';
import {
  decisionCounts,
  MIN_REASON,
  NO_DECISION,
  removeRedaction,
  type Decision,
  type Decisions,
} from './review-model';
import { plural } from '../../../shared/plural';

/** Which page main scans and sends: the review is never sent whole (10,000 subjects: ~19,000 values). */
export interface ReviewQuery {
  offset: number;
  limit: number;
  subject: string;
  onlyRedacted: boolean;
}
const PAGE_SIZES = [20, 50, 100];

interface Props {
  view: ReviewView | null;
  decisions: Decisions;
  onDecisions(d: Decisions): void;
  isAdmin: boolean;
  /** A role without identified access may not read the raw text. */
  mayReview: boolean;
  loading: boolean;
  disabled: boolean;
  onLoad(q: ReviewQuery): void | Promise<void>;
  checked: boolean;
  onChecked(v: boolean): void;
}

export function ReviewPanel(p: Props) {
  const { view, decisions } = p;
  const [subject, setSubject] = useState('');
  const [onlyFound, setOnlyFound] = useState(false);
  const [limit, setLimit] = useState(20);
  const [removing, setRemoving] = useState<{ key: string; span: ReviewSpan } | null>(null);
  const load = (q: Partial<ReviewQuery>) =>
    p.onLoad({ offset: view?.offset ?? 0, limit, subject, onlyRedacted: onlyFound, ...q });
  // The subject filter asks main once typing pauses, not at every key.
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current) return;
    const t = setTimeout(() => void load({ offset: 0, subject }), 300);
    return () => clearTimeout(t);
  }, [subject]);
  const set = (key: string, d: Decision) => p.onDecisions({ ...decisions, [key]: d });
  const counts = decisionCounts(decisions);

  if (!p.mayReview)
    return (
      <Alert severity="info">
        The review shows the free text as entered, so it needs identified access: site staff review and write the
        safe-harbor-text export.
      </Alert>
    );
  if (!view)
    return (
      <Stack spacing={1} alignItems="flex-start">
        <Typography variant="body2">
          Before free text leaves the site, check every value with its redactions marked. The review shows the text as
          entered (PHI) and is recorded in the audit trail.
        </Typography>
        <Button variant="outlined" onClick={() => void load({ offset: 0 })} disabled={p.loading || p.disabled}>
          {p.loading ? 'Loading…' : 'Review the free text'}
        </Button>
      </Stack>
    );

  const findings = view.items.reduce((n, i) => n + i.spans.length, 0);
  const page = Math.floor(view.offset / limit);
  return (
    <Stack spacing={1.5}>
      {view.changed && (
        <Alert severity="warning">
          The data changed since the pages you saw ({view.changed}): the review starts again, and what you decided there
          was cleared.
        </Alert>
      )}
      <Typography variant="body2" aria-live="polite">
        {plural(view.total, 'free-text value')} will be sent; {plural(findings, 'redaction')} by the scan on this page;
        you added {counts.added} and removed {counts.removed}.
        {p.isAdmin ? '' : ' Only an administrator may remove a redaction.'}
      </Typography>
      <Stack direction="row" spacing={2} alignItems="center">
        <TextField
          size="small"
          label="Subject"
          value={subject}
          onChange={(e) => {
            typed.current = true;
            setSubject(e.target.value);
          }}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={onlyFound}
              onChange={(e) => {
                setOnlyFound(e.target.checked);
                void load({ offset: 0, onlyRedacted: e.target.checked });
              }}
            />
          }
          label="Only values with a redaction"
        />
      </Stack>
      <Box component="ul" aria-label="Free-text values to review" sx={{ p: 0, m: 0, display: 'grid', gap: 1 }}>
        {view.items.map((i) => (
          <ReviewItemCard
            key={i.key}
            item={i}
            decision={decisions[i.key] ?? NO_DECISION}
            isAdmin={p.isAdmin}
            onChange={(d) => set(i.key, d)}
            onRemove={(span) => setRemoving({ key: i.key, span })}
          />
        ))}
      </Box>
      {view.looked !== undefined && !view.exact && view.items.length < limit ? (
        <Stack direction="row" spacing={1} alignItems="center">
          <Typography variant="body2">
            Looked through {plural(view.looked, 'value')} so far for redactions (each look scans up to 1,000).
          </Typography>
          <Button size="small" onClick={() => void load({})} disabled={p.loading}>
            Look further
          </Button>
        </Stack>
      ) : (
        view.items.length === 0 && <Typography variant="body2">No value matches.</Typography>
      )}
      <TablePagination
        component="div"
        count={view.exact ? view.count : -1}
        page={page}
        rowsPerPage={limit}
        rowsPerPageOptions={PAGE_SIZES}
        showFirstButton
        showLastButton
        labelRowsPerPage="Values per page"
        labelDisplayedRows={({ from, to, count }) =>
          `${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${
            count < 0 ? `more than ${view.count.toLocaleString('en-US')}` : count.toLocaleString('en-US')
          }`
        }
        onPageChange={(_e, n) => void load({ offset: n * limit })}
        onRowsPerPageChange={(e) => {
          const n = Number(e.target.value);
          setLimit(n);
          void load({ offset: 0, limit: n });
        }}
        slotProps={{
          actions: {
            previousButton: { disabled: p.loading || page === 0 },
            nextButton: {
              disabled: p.loading || (view.exact ? view.offset + limit >= view.count : view.items.length < limit),
            },
          },
        }}
        sx={{ '& .MuiTablePagination-toolbar': { pl: 0 } }}
      />
      <FormControlLabel
        control={<Checkbox checked={p.checked} onChange={(e) => p.onChecked(e.target.checked)} />}
        label={`I have checked the ${view.total.toLocaleString('en-US')} free-text values and their redactions.`}
      />
      <ReasonPrompt
        open={removing !== null}
        title="Remove a redaction"
        explanation={
          removing
            ? `“${view.items.find((i) => i.key === removing.key)?.text.slice(removing.span.start, removing.span.end) ?? ''}” (${removing.span.kind}) will be sent in clear. The reason is kept with the export record.`
            : ''
        }
        action="Remove the redaction"
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={async (reason) => {
          if (!removing) return;
          if (reason.length < MIN_REASON) throw new Error(`A reason of at least ${MIN_REASON} characters, please.`);
          set(removing.key, removeRedaction(decisions[removing.key] ?? NO_DECISION, removing.span, reason));
          setRemoving(null);
        }}
      />
    </Stack>
  );
}
