/**
 * The review before a safe-harbor-text export (issue 14): every free-text value the workbook will
 * carry, each redaction marked in place. Anyone who exports may redact more; only an
 * administrator removes a redaction, with a reason, and never the subject's own identifier. The
 * decisions go with the export (export.run) and main keeps them with the export record.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Pagination,
  Stack,
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

const PAGE = 20;

interface Props {
  view: ReviewView | null;
  decisions: Decisions;
  onDecisions(d: Decisions): void;
  isAdmin: boolean;
  /** A role without identified access may not read the raw text. */
  mayReview: boolean;
  loading: boolean;
  disabled: boolean;
  onLoad(): void;
  checked: boolean;
  onChecked(v: boolean): void;
}

export function ReviewPanel(p: Props) {
  const { view, decisions } = p;
  const [subject, setSubject] = useState('');
  const [onlyFound, setOnlyFound] = useState(false);
  const [page, setPage] = useState(1);
  const [removing, setRemoving] = useState<{ key: string; span: ReviewSpan } | null>(null);

  const shown = useMemo(() => {
    const q = subject.trim().toUpperCase();
    return (view?.items ?? []).filter(
      (i) =>
        (!q || i.subjectId.toUpperCase().includes(q)) &&
        (!onlyFound || i.spans.length > 0 || (decisions[i.key]?.add.length ?? 0) > 0),
    );
  }, [view, subject, onlyFound, decisions]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const at = Math.min(page, pages);
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
        <Button variant="outlined" onClick={p.onLoad} disabled={p.loading || p.disabled}>
          {p.loading ? 'Loading…' : 'Review the free text'}
        </Button>
      </Stack>
    );

  const findings = view.items.reduce((n, i) => n + i.spans.length, 0);
  return (
    <Stack spacing={1.5}>
      <Typography variant="body2" aria-live="polite">
        {plural(view.items.length, 'free-text value')}, {plural(findings, 'redaction')} by the scan; you added{' '}
        {counts.added} and removed {counts.removed}.{p.isAdmin ? '' : ' Only an administrator may remove a redaction.'}
      </Typography>
      <Stack direction="row" spacing={2} alignItems="center">
        <TextField
          size="small"
          label="Subject"
          value={subject}
          onChange={(e) => {
            setSubject(e.target.value);
            setPage(1);
          }}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={onlyFound}
              onChange={(e) => {
                setOnlyFound(e.target.checked);
                setPage(1);
              }}
            />
          }
          label="Only values with a redaction"
        />
      </Stack>
      <Box component="ul" aria-label="Free-text values to review" sx={{ p: 0, m: 0, display: 'grid', gap: 1 }}>
        {shown.slice((at - 1) * PAGE, at * PAGE).map((i) => (
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
      {shown.length === 0 && <Typography variant="body2">No value matches.</Typography>}
      {pages > 1 && (
        <Pagination count={pages} page={at} onChange={(_e, n) => setPage(n)} aria-label="Pages of free-text values" />
      )}
      <FormControlLabel
        control={<Checkbox checked={p.checked} onChange={(e) => p.onChecked(e.target.checked)} />}
        label={`I have checked the ${view.items.length.toLocaleString('en-US')} free-text values and their redactions.`}
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
