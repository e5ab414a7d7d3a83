/** The queries on one field or form: every thread, and a new query for those who may open one. */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { isUnresolved, onTarget, targetText, type Query, type QueryTarget } from './model';
import { QueryCard } from './QueryCard';

interface Props {
  open: boolean;
  subjectId: string;
  target: QueryTarget;
  queries: Query[];
  onClose(): void;
  onChanged(): void;
}

export function QueryThreadDialog({ open, subjectId, target, queries, onClose, onChanged }: Props) {
  const { session, study, notify } = useApp();
  const mine = queries
    .filter((q) => onTarget(q, target))
    .sort((a, b) => Number(isUnresolved(b)) - Number(isUnresolved(a)) || b.id - a.id);
  const canOpen = may(session.user.role, 'query.open');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Said inside the dialog: a toast behind a modal dialog is hidden from screen readers.
  const [said, setSaid] = useState('');
  const newRef = useRef<HTMLTextAreaElement>(null);
  const t = targetText(study, target);

  useEffect(() => {
    if (open) {
      setText('');
      setError(null);
      setSaid('');
    }
  }, [open]);

  const raise = async () => {
    setBusy(true);
    setError(null);
    try {
      const q = await api['queries.open']({ subjectId, ...target, text: text.trim() });
      setText('');
      setSaid(`Query #${q.id} opened on ${t.what}.`);
      notify(`Query #${q.id} opened on ${t.what}.`);
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="thread-title"
      fullWidth
      maxWidth="sm"
      TransitionProps={{
        onEntered: () => {
          if (!mine.some(isUnresolved)) newRef.current?.focus();
        },
      }}
    >
      <DialogTitle id="thread-title" sx={{ pb: 0.5 }}>
        Queries: {t.what}
        <Typography variant="body2" color="text.secondary">
          {subjectId} · {t.where}
        </Typography>
      </DialogTitle>
      <DialogContent>
        <Stack spacing={1.5} sx={{ pt: 1 }}>
          {mine.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              No query on this {target.field ? 'field' : 'form'} yet.
            </Typography>
          )}
          {mine.map((q) => (
            <QueryCard
              key={q.id}
              query={q}
              onChanged={(_q, what) => {
                setSaid(what);
                notify(what);
                onChanged();
              }}
            />
          ))}
          {canOpen && (
            <Stack spacing={1} component="section" aria-label="Open a new query">
              <Typography variant="h3" component="h3">
                Open a new query
              </Typography>
              {error && <Alert severity="error">{error}</Alert>}
              <TextField
                inputRef={newRef}
                label="Question for the site"
                placeholder="What needs checking, against which source document"
                multiline
                minRows={2}
                fullWidth
                value={text}
                onChange={(e) => setText(e.target.value)}
                helperText="Do not type patient identifiers: query text is exported after the PHI scan."
                slotProps={{ htmlInput: { maxLength: 2000 } }}
              />
            </Stack>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Typography role="status" variant="body2" sx={{ flex: 1, pl: 2, color: 'success.main', fontWeight: 600 }}>
          {said}
        </Typography>
        <Button onClick={onClose}>Done</Button>
        {canOpen && (
          <Button variant="contained" onClick={raise} disabled={busy || !text.trim()}>
            Open query
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
