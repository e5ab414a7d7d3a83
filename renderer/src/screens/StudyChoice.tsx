/**
 * First run: which study the new database runs — the one shipped with SiteCRF, or a study file
 * the administrator picks (the sponsor's). The file is checked in main by the same checker as
 * `sitecrf study check`; every error is listed with its JSON path so it can be fixed in the file.
 */
import { useRef, useState } from 'react';
import { Alert, Box, Button, FormControlLabel, Radio, RadioGroup, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { api, errorOf } from '../app/api';
import { plural } from '../../../shared/plural';

type Checked = Extract<ChannelOutput<'study.check'>, { ok: true }>['study'];
export interface ChosenStudy {
  /** The file's text, sent with site.create; null for the shipped study. */
  text: string | null;
  sites: { code: string; name: string }[];
}

interface Props {
  shipped: { id: string; title: string; version: string };
  shippedSites: { code: string; name: string }[];
  onChange: (c: ChosenStudy | null) => void;
}

export function StudyChoice({ shipped, shippedSites, onChange }: Props) {
  const [mode, setMode] = useState<'shipped' | 'file'>('shipped');
  const [file, setFile] = useState<{ name: string; study: Checked } | null>(null);
  const [errors, setErrors] = useState<{
    name: string;
    list: { path: string; rule: string; message: string }[];
  } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const choose = (m: 'shipped' | 'file') => {
    setMode(m);
    if (m === 'shipped') onChange({ text: null, sites: shippedSites });
    else onChange(null);
    if (m === 'file' && !file) input.current?.click();
  };

  const picked = async (f: File | undefined) => {
    if (!f) return;
    setFailure(null);
    setErrors(null);
    setFile(null);
    onChange(null);
    try {
      const text = await f.text();
      const r = await api['study.check']({ text });
      if (r.ok) {
        setFile({ name: f.name, study: r.study });
        onChange({ text, sites: r.study.sites });
      } else setErrors({ name: f.name, list: r.errors });
    } catch (e) {
      setFailure(`${f.name}: ${errorOf(e).message}`);
    }
  };

  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <Typography component="legend" variant="h3" sx={{ mb: 0.5 }}>
        Study
      </Typography>
      <RadioGroup value={mode} onChange={(e) => choose(e.target.value as 'shipped' | 'file')}>
        <FormControlLabel
          value="shipped"
          control={<Radio />}
          label={`${shipped.title} (version ${shipped.version}, shipped with SiteCRF)`}
        />
        <FormControlLabel value="file" control={<Radio />} label="A study file from the sponsor (JSON)" />
      </RadioGroup>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="study-file"
        onChange={(e) => {
          void picked(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      {mode === 'file' && (
        <Box sx={{ pl: 4 }}>
          <Button startIcon={<UploadFileIcon />} variant="outlined" onClick={() => input.current?.click()}>
            {file || errors ? 'Choose another file…' : 'Choose the study file…'}
          </Button>
          {file && (
            <Alert severity="success" sx={{ mt: 1 }} role="status">
              {file.name}: {file.study.title} ({file.study.id}, version {file.study.version},{' '}
              {plural(file.study.forms, 'form')}, {plural(file.study.sites.length, 'site')}). The database stores this
              definition; the file is not needed after.
            </Alert>
          )}
          {errors && (
            <Alert severity="error" sx={{ mt: 1 }} role="alert">
              {errors.name} is not a valid study file ({plural(errors.list.length, 'error')}):
              <Box component="ul" sx={{ m: 0, pl: 2, maxHeight: 200, overflow: 'auto' }} aria-label="Study file errors">
                {errors.list.map((e, i) => (
                  <li key={i}>
                    <code>{e.path}</code>: {e.message} ({e.rule})
                  </li>
                ))}
              </Box>
            </Alert>
          )}
          {failure && (
            <Alert severity="error" sx={{ mt: 1 }} role="alert">
              {failure}
            </Alert>
          )}
        </Box>
      )}
    </Box>
  );
}
