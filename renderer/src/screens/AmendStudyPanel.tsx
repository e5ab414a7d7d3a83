/**
 * Administrator: move the site to the next version of its study (issue 12, `sitecrf study amend`).
 * The file is checked in main against every saved form instance before anything is written; the
 * screen shows every refusal, or what the version adds, and amends only after the reason and a
 * confirmation. The same service as the CLI stores, audits and runs it.
 */
import { useRef, useState } from 'react';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { plural } from '../../../shared/plural';

type Preview = ChannelOutput<'study.amendPreview'>;

function addedLines(a: Extract<Preview, { ok: true }>['added']): string[] {
  return [
    ...a.forms.map((x) => `New form ${x}`),
    ...a.events.map((x) => `New event ${x}`),
    ...a.fields.map((x) => `New field ${x}`),
    ...a.codes.map((x) => `New code ${x.replace('=', ': ')}`),
  ];
}

export function AmendStudyPanel() {
  const { session, updateSession, notify } = useApp();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string; preview: Preview } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const picked = async (f: File | undefined) => {
    if (!f) return;
    setError(null);
    setFile(null);
    try {
      const text = await f.text();
      setFile({ name: f.name, text, preview: await api['study.amendPreview']({ text }) });
    } catch (e) {
      setError(`${f.name}: ${messageOf(e)}`);
    }
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api['study.amend']({ text: file.text, reason: reason.trim() });
      updateSession({ ...session, study: { ...session.study, version: r.to } });
      notify(`The site now runs version ${r.to} of ${session.study.id} (was ${r.from}).`);
      setFile(null);
      setReason('');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const p = file?.preview;
  return (
    <Paper component="section" aria-labelledby="amend-h" sx={{ p: 2 }}>
      <Typography id="amend-h" variant="h2" sx={{ mb: 1 }}>
        Amend the study
      </Typography>
      <Typography sx={{ mb: 1 }}>
        This site runs {session.study.title}, version {session.study.version}. Choose the sponsor’s file of the next
        version: it is checked against every saved form before anything changes.
      </Typography>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="amend-file"
        onChange={(e) => {
          void picked(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <Button startIcon={<UploadFileIcon />} variant="outlined" onClick={() => input.current?.click()}>
        {file ? 'Choose another file…' : 'Choose the new study file…'}
      </Button>
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      {p && !p.ok && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {p.stage === 'file'
            ? `${file?.name ?? 'The file'} is not a valid study file`
            : `Version ${p.to} cannot replace version ${p.from}`}{' '}
          ({plural(p.problems.length, 'problem')}); nothing was changed:
          <Box component="ul" sx={{ m: 0, pl: 2, maxHeight: 240, overflow: 'auto' }} aria-label="Amendment refused">
            {p.problems.map((x, i) => (
              <li key={i}>
                <code>{x.where}</code>: {x.message} ({x.rule})
              </li>
            ))}
          </Box>
        </Alert>
      )}
      {p?.ok && (
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Alert severity="info" role="status">
            {file?.name}: version {p.from} → {p.to} keeps every saved value. What it adds:
            <Box component="ul" sx={{ m: 0, pl: 2, maxHeight: 240, overflow: 'auto' }} aria-label="Amendment changes">
              {(addedLines(p.added).length
                ? addedLines(p.added)
                : ['No new form, event, field or code (labels, ranges or wording only)']
              ).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </Box>
          </Alert>
          <TextField
            label="Reason for the amendment"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            multiline
            minRows={2}
            slotProps={{ htmlInput: { maxLength: 500 } }}
            helperText="Recorded in the audit trail with the new version"
          />
          <Box>
            <Button variant="contained" disabled={busy || !reason.trim()} onClick={() => void confirm()}>
              Amend to version {p.to}
            </Button>
          </Box>
        </Stack>
      )}
    </Paper>
  );
}
