/**
 * Import: workbooks dropped or chosen here are uploaded one at a time and imported by the same
 * service as `sitecrf sponsor import` (the host writes each to a private temporary file). Each
 * file gets the CLI's outcome line: imported, nothing changed, or refused with its reason (a
 * refused file changes nothing in the store).
 */
import { useRef, useState, type DragEvent } from 'react';
import { Alert, Box, Button, LinearProgress, List, ListItem, Paper, Typography } from '@mui/material';
import { MAX_WORKBOOK_BYTES } from '../../../shared/ipc/sponsor-contract';
import { sponsorApi, sponsorError } from './api';

export interface Outcome {
  name: string;
  kind: 'imported' | 'duplicate' | 'refused';
  text: string;
}

const SEVERITY = { imported: 'success', duplicate: 'info', refused: 'error' } as const;
const KIND_LABEL = { imported: 'Imported', duplicate: 'Nothing changed', refused: 'Refused' } as const;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function importOne(f: File): Promise<Outcome> {
  if (!/\.xlsx$/i.test(f.name))
    return { name: f.name, kind: 'refused', text: `${f.name}: refused: not a workbook (.xlsx)` };
  if (f.size > MAX_WORKBOOK_BYTES)
    return {
      name: f.name,
      kind: 'refused',
      text: `${f.name}: refused: larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MiB`,
    };
  try {
    const r = await sponsorApi['sponsor.import']({ name: f.name, data: base64(new Uint8Array(await f.arrayBuffer())) });
    return { name: f.name, kind: r.status, text: r.message };
  } catch (e) {
    return { name: f.name, kind: 'refused', text: sponsorError(e).message };
  }
}

export function ImportScreen() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<{ n: number; m: number; name: string } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [over, setOver] = useState(false);

  const run = async (files: File[]) => {
    if (!files.length || busy) return;
    const done: Outcome[] = [];
    setOutcomes([]);
    for (let i = 0; i < files.length; i++) {
      setBusy({ n: i + 1, m: files.length, name: files[i]!.name });
      done.push(await importOne(files[i]!));
      setOutcomes([...done]);
    }
    setBusy(null);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void run([...e.dataTransfer.files]);
  };
  const count = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k).length;

  return (
    <>
      <Typography variant="h1" tabIndex={-1}>
        Import workbooks
      </Typography>
      <Paper
        component="section"
        aria-labelledby="drop-h"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        sx={{
          p: 3,
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: over ? 'primary.main' : 'divider',
          display: 'grid',
          gap: 1.5,
          justifyItems: 'start',
        }}
      >
        <Typography id="drop-h" variant="h2">
          Drop the sites&apos; monthly workbooks here
        </Typography>
        <Typography variant="body2">
          Each workbook is verified and imported in one transaction, as <code>sitecrf sponsor import</code> does. A
          refused workbook changes nothing in the store. At most {MAX_WORKBOOK_BYTES / 1024 / 1024} MiB per workbook.
        </Typography>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple
          hidden
          aria-label="Workbooks to import"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void run(files);
          }}
        />
        <Button variant="contained" onClick={() => input.current?.click()} disabled={!!busy}>
          Choose workbooks…
        </Button>
      </Paper>
      <Box aria-live="polite">
        {busy && (
          <Box sx={{ display: 'grid', gap: 0.5 }}>
            <Typography>
              Importing file {busy.n} of {busy.m}: {busy.name}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={((busy.n - 1) / busy.m) * 100}
              aria-label={`Importing file ${busy.n} of ${busy.m}`}
            />
          </Box>
        )}
        {!busy && outcomes.length > 0 && (
          <Typography sx={{ fontWeight: 600 }}>
            Done: {count('imported')} imported, {count('duplicate')} with nothing changed, {count('refused')} refused.
          </Typography>
        )}
      </Box>
      {outcomes.length > 0 && (
        <List aria-label="Import outcomes" sx={{ display: 'grid', gap: 1 }}>
          {outcomes.map((o, i) => (
            <ListItem key={i} disablePadding>
              <Alert severity={SEVERITY[o.kind]} sx={{ width: '100%' }}>
                <strong>
                  File {i + 1} of {busy?.m ?? outcomes.length} · {KIND_LABEL[o.kind]}:
                </strong>{' '}
                {o.text}
              </Alert>
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
