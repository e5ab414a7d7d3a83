/**
 * Queries: raise one, follow them (open, answered by the site through its next workbook,
 * closed), close or re-open them, and write a site's queries file: the same file as
 * `sitecrf sponsor queries --site X`, downloaded.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { SponsorQueryRow } from '../../../shared/ipc/sponsor-contract';
import { sponsorApi, sponsorError } from './api';
import { RaiseQuery } from './RaiseQuery';
import type { Notify } from './SponsorApp';
import { useLoad } from './useLoad';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ReopenDialog({ q, onClose, onDone }: { q: SponsorQueryRow | null; onClose: () => void; onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!q) return;
    try {
      await sponsorApi['sponsor.setQueryStatus']({ id: q.id, to: 'open', text });
      setText('');
      onDone();
    } catch (e) {
      setError(sponsorError(e).message);
    }
  };
  return (
    <Dialog open={!!q} onClose={onClose} aria-labelledby="reopen-h">
      <DialogTitle id="reopen-h">Re-open query #{q?.id}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          label="Why it is re-opened"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          }}
          multiline
          minRows={2}
          fullWidth
          error={!!error}
          helperText={error ?? 'The site reads this in its next queries file (Ctrl+Enter re-opens).'}
          sx={{ mt: 1 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={!text.trim()}>
          Re-open
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function QueriesScreen({ notify }: { notify: Notify }) {
  const targets = useLoad(() => sponsorApi['sponsor.queryTargets']({}));
  const list = useLoad(() => sponsorApi['sponsor.queries']({}));
  const [reopen, setReopen] = useState<SponsorQueryRow | null>(null);
  const [site, setSite] = useState('');
  const sites = [...new Set((targets.data?.subjects ?? []).map((s) => s.site))];
  const chosenSite = site || sites[0] || '';

  const close = async (q: SponsorQueryRow) => {
    try {
      await sponsorApi['sponsor.setQueryStatus']({ id: q.id, to: 'closed' });
      notify(`Sponsor query #${q.id} closed`);
      list.reload();
    } catch (e) {
      notify(sponsorError(e).message, 'error');
    }
  };
  const writeFile = async () => {
    try {
      const f = await sponsorApi['sponsor.queriesFile']({ site: chosenSite });
      download(f.name, f.text);
      notify(`${f.queries} sponsor queries for ${chosenSite} written to ${f.name}`);
    } catch (e) {
      notify(sponsorError(e).message, 'error');
    }
  };

  return (
    <>
      <Typography variant="h1" tabIndex={-1}>
        Queries
      </Typography>
      {(targets.error || list.error) && <Alert severity="error">{targets.error ?? list.error}</Alert>}
      {targets.data && <RaiseQuery targets={targets.data} notify={notify} onRaised={list.reload} />}
      <Paper
        component="section"
        aria-labelledby="file-h"
        sx={{ p: 2, display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}
      >
        <Typography id="file-h" variant="h2" sx={{ width: '100%' }}>
          Send a site its queries
        </Typography>
        <TextField
          id="file-site"
          select
          label="Site"
          value={chosenSite}
          onChange={(e) => setSite(e.target.value)}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </TextField>
        <Button variant="outlined" onClick={() => void writeFile()} disabled={!chosenSite}>
          Write the queries file for site {chosenSite}
        </Button>
      </Paper>
      <Paper component="section" aria-labelledby="list-h" sx={{ p: 2 }}>
        <Typography id="list-h" variant="h2" sx={{ mb: 1 }}>
          Sponsor queries
        </Typography>
        {list.data && list.data.length === 0 && <Typography variant="body2">No sponsor query yet.</Typography>}
        {list.data && list.data.length > 0 && (
          <Box role="region" aria-label="Sponsor queries (scrolls)" tabIndex={0} sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Sponsor queries">
              <TableHead>
                <TableRow>
                  {['#', 'Site', 'Subject', 'Where', 'Text', 'Status', 'Round', 'Raised by', 'Action'].map((h) => (
                    <TableCell key={h}>{h}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {list.data.map((q) => (
                  <TableRow key={q.id}>
                    <TableCell>{q.id}</TableCell>
                    <TableCell>{q.site}</TableCell>
                    <TableCell>{q.subjectId}</TableCell>
                    <TableCell>
                      {q.event} › {q.form}
                      {q.instance ? ` #${q.instance}` : ''}
                      {q.field ? ` › ${q.field}` : ''}
                    </TableCell>
                    <TableCell>{q.text}</TableCell>
                    <TableCell>{q.status}</TableCell>
                    <TableCell>{q.round}</TableCell>
                    <TableCell>{q.raisedBy ?? '—'}</TableCell>
                    <TableCell>
                      {q.status === 'closed' ? (
                        <Button size="small" onClick={() => setReopen(q)} aria-label={`Re-open query ${q.id}`}>
                          Re-open
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => void close(q)} aria-label={`Close query ${q.id}`}>
                          Close
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </Paper>
      <ReopenDialog
        q={reopen}
        onClose={() => setReopen(null)}
        onDone={() => {
          notify(`Sponsor query #${reopen?.id} re-opened`);
          setReopen(null);
          list.reload();
        }}
      />
    </>
  );
}
