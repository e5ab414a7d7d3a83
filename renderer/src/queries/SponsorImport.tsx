/**
 * "Import sponsor queries" on the Queries screen: the sponsor's queries file (written by
 * `sitecrf sponsor queries`) is read in the renderer and its text sent to main, which checks its
 * hash, study and site and opens the queries all or nothing (queries.importSponsor).
 */
import { useRef, useState } from 'react';
import { Alert, Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { api, messageOf } from '../app/api';

export function SponsorImport({ onImported }: { onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    try {
      const r = await api['queries.importSponsor']({ text: await file.text() });
      setResult({
        ok: true,
        text: `${file.name}: ${r.opened} opened, ${r.reopened} re-opened, ${r.closed} closed, ${r.unchanged} unchanged`,
      });
      onImported();
    } catch (e) {
      setResult({ ok: false, text: messageOf(e) });
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Sponsor queries file"
        onChange={(e) => void pick(e.target.files?.[0])}
      />
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()}>
        Import sponsor queries
      </Button>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} onClose={() => setResult(null)} sx={{ py: 0 }}>
          {result.text}
        </Alert>
      )}
    </>
  );
}
