/**
 * One free-text value of the review: the raw text with every redaction marked in place, the text
 * as it will be sent, each finding with what the reviewer may do to it, and a way to redact more.
 */
import { useState } from 'react';
import { Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import type { ReviewSpan, ReviewViewItem } from '../../../shared/ipc/review';
import {
  addRedactions,
  findPhrase,
  isRemoved,
  pieces,
  sentText,
  undoAdded,
  undoRemoved,
  type Decision,
  type Piece,
} from './review-model';

const MARK = {
  redacted: { bgcolor: '#ffe0b2', color: '#3e2723' },
  added: { bgcolor: '#d1c4e9', color: '#1a1040' },
  removed: { bgcolor: 'transparent', color: '#8a1c1c', textDecorationStyle: 'dotted' },
} as const;

function PieceView({ p }: { p: Piece }) {
  if (p.state === 'plain') return <>{p.text}</>;
  const label =
    p.state === 'removed' ? `${p.kind} redaction removed` : p.state === 'added' ? 'redaction added' : `${p.kind}`;
  return (
    <Box
      component={p.state === 'removed' ? 'ins' : 'mark'}
      title={label}
      sx={{ ...MARK[p.state], px: 0.25, borderRadius: 0.5 }}
    >
      {p.text}
      <Box component="sup" sx={{ fontSize: 10, ml: 0.25 }}>
        {p.state === 'added' ? 'ADDED' : p.kind}
      </Box>
    </Box>
  );
}

interface Props {
  item: ReviewViewItem;
  decision: Decision;
  isAdmin: boolean;
  onChange(d: Decision): void;
  onRemove(span: ReviewSpan): void;
}

export function ReviewItemCard({ item, decision, isAdmin, onChange, onRemove }: Props) {
  const [phrase, setPhrase] = useState('');
  const [miss, setMiss] = useState<string | null>(null);
  const label = `${item.subjectId} ${item.where}`;
  const redact = () => {
    const found = findPhrase(item.text, phrase);
    if (found.length === 0) return setMiss(`“${phrase.trim()}” is not in this text`);
    onChange(addRedactions(decision, found));
    setPhrase('');
    setMiss(null);
  };
  const words = (r: { start: number; end: number }) => item.text.slice(r.start, r.end);
  return (
    <Box
      component="li"
      aria-label={`Free text ${label}`}
      sx={{ listStyle: 'none', border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}
    >
      <Typography variant="subtitle2" component="h3">
        {item.subjectId} · <code>{item.where}</code>
      </Typography>
      <Typography variant="body2" component="p" sx={{ whiteSpace: 'pre-wrap', my: 1, lineHeight: 1.8 }}>
        {pieces(item, decision).map((p, i) => (
          <PieceView key={i} p={p} />
        ))}
      </Typography>
      <Typography variant="caption" component="p" color="text.secondary">
        As sent:{' '}
        <Box
          component="span"
          data-testid="sent-text"
          sx={{ fontFamily: 'ui-monospace, monospace', color: 'text.primary' }}
        >
          {sentText(item, decision)}
        </Box>
      </Typography>
      {(item.spans.length > 0 || decision.add.length > 0) && (
        <Box component="ul" aria-label={`Redactions of ${label}`} sx={{ pl: 0, my: 1 }}>
          {item.spans.map((s) => {
            const removed = decision.remove.find((r) => r.start === s.start && r.end === s.end);
            return (
              <Stack
                key={`${s.start}-${s.end}`}
                component="li"
                direction="row"
                spacing={1}
                alignItems="center"
                sx={{ listStyle: 'none', py: 0.25 }}
              >
                <Chip size="small" label={s.kind} variant="outlined" />
                <Typography variant="body2">“{words(s)}”</Typography>
                {s.subject ? (
                  <Typography variant="caption" color="text.secondary">
                    the subject’s own identifier: always redacted
                  </Typography>
                ) : removed ? (
                  <>
                    <Typography variant="caption" sx={{ color: '#8a1c1c' }}>
                      sent in clear — {removed.reason}
                    </Typography>
                    <Button size="small" onClick={() => onChange(undoRemoved(decision, s))}>
                      Keep redacted
                    </Button>
                  </>
                ) : isAdmin && !isRemoved(decision, s) ? (
                  <Button
                    size="small"
                    color="error"
                    onClick={() => onRemove(s)}
                    aria-label={`Remove the redaction of “${words(s)}”`}
                  >
                    Remove…
                  </Button>
                ) : null}
              </Stack>
            );
          })}
          {decision.add.map((a) => (
            <Stack
              key={`add-${a.start}-${a.end}`}
              component="li"
              direction="row"
              spacing={1}
              alignItems="center"
              sx={{ listStyle: 'none', py: 0.25 }}
            >
              <Chip size="small" label="ADDED" color="secondary" variant="outlined" />
              <Typography variant="body2">“{words(a)}”</Typography>
              <Button
                size="small"
                onClick={() => onChange(undoAdded(decision, a))}
                aria-label={`Undo the added redaction of “${words(a)}”`}
              >
                Undo
              </Button>
            </Stack>
          ))}
        </Box>
      )}
      <Stack direction="row" spacing={1} alignItems="flex-start" sx={{ mt: 1 }}>
        <TextField
          size="small"
          label={`Text to redact in ${label}`}
          value={phrase}
          onChange={(e) => setPhrase(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && phrase.trim()) redact();
          }}
          error={!!miss}
          helperText={miss ?? 'Every occurrence is redacted, whatever its case'}
          sx={{ flex: 1, maxWidth: 420 }}
        />
        <Button variant="outlined" size="small" onClick={redact} disabled={!phrase.trim()} sx={{ mt: 0.5 }}>
          Redact
        </Button>
      </Stack>
    </Box>
  );
}
