/** One query: its thread of messages and what this user may do next (answer, comment, close, re-open). */
import { useState } from 'react';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ACTION_TEXT, type Query, utc } from './model';
import { QueryStatusChip } from './QueryStatusChip';

/** `onChanged` gets the new state and a sentence saying what happened (the dialog announces it). */
export function QueryCard({ query, onChanged }: { query: Query; onChanged: (q: Query, said: string) => void }) {
  const { session } = useApp();
  const role = session.user.role;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const monitor = may(role, 'query.close');
  const canAnswer = may(role, 'query.answer') && query.status !== 'closed';
  const canComment = monitor && query.status !== 'closed';
  const canClose = monitor && query.status !== 'closed';
  const canReopen = monitor && query.status !== 'open';
  const inputId = `query-${query.id}-text`;

  const act = async (what: 'reply' | 'close' | 'reopen', done: string) => {
    setBusy(true);
    setError(null);
    try {
      const t = text.trim();
      const q =
        what === 'reply'
          ? await api['queries.reply']({ queryId: query.id, text: t })
          : what === 'close'
            ? await api['queries.close']({ queryId: query.id, text: t || undefined })
            : await api['queries.reopen']({ queryId: query.id, text: t });
      setText('');
      onChanged(q, done);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper component="article" aria-labelledby={`query-${query.id}-h`} sx={{ p: 1.5 }}>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography id={`query-${query.id}-h`} variant="h3" component="h3">
          Query #{query.id}
        </Typography>
        <QueryStatusChip status={query.status} />
        {query.rule && (
          <Typography variant="caption" color="text.secondary">
            raised from a failed check
          </Typography>
        )}
      </Stack>
      <Box
        component="ol"
        aria-label={`Messages of query ${query.id}`}
        sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1 }}
      >
        {query.messages.map((m) => (
          <Box
            component="li"
            key={m.id}
            sx={{
              borderLeft: 3,
              borderColor: m.action === 'reply' ? 'info.main' : m.action === 'close' ? 'grey.400' : 'error.light',
              pl: 1.25,
            }}
          >
            <Typography variant="caption" color="text.secondary" component="p">
              <strong>{m.username}</strong> {ACTION_TEXT[m.action] ?? m.action} · {utc(m.at)}
            </Typography>
            {m.text && (
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {m.text}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
      {(canAnswer || canComment || canReopen) && (
        <Stack spacing={1} sx={{ mt: 1.5 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            id={inputId}
            label={
              canAnswer
                ? 'Your answer'
                : query.status === 'closed'
                  ? 'Reason to re-open'
                  : 'Message (comment, or note on closing)'
            }
            multiline
            minRows={2}
            fullWidth
            value={text}
            onChange={(e) => setText(e.target.value)}
            slotProps={{ htmlInput: { maxLength: 2000 } }}
          />
          <Stack direction="row" spacing={1} justifyContent="flex-end">
            {canAnswer && (
              <Button
                variant="contained"
                disabled={busy || !text.trim()}
                onClick={() => act('reply', `Query #${query.id} answered.`)}
              >
                Send answer
              </Button>
            )}
            {canComment && (
              <Button
                variant="outlined"
                disabled={busy || !text.trim()}
                onClick={() => act('reply', `Comment added to query #${query.id}.`)}
              >
                Add comment
              </Button>
            )}
            {canReopen && (
              <Button
                variant="outlined"
                color="warning"
                disabled={busy || !text.trim()}
                onClick={() => act('reopen', `Query #${query.id} re-opened.`)}
              >
                Re-open
              </Button>
            )}
            {canClose && (
              <Button variant="contained" disabled={busy} onClick={() => act('close', `Query #${query.id} closed.`)}>
                Close query
              </Button>
            )}
          </Stack>
        </Stack>
      )}
    </Paper>
  );
}
