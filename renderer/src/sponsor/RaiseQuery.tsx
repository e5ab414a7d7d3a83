/** Raise a sponsor query on a pooled subject: subject, event, form, field (optional) and the question. */
import { useMemo, useState, type FormEvent } from 'react';
import { Box, Button, Paper, TextField, Typography } from '@mui/material';
import type { SponsorOutput } from '../../../shared/ipc/sponsor-contract';
import { sponsorApi, sponsorError } from './api';
import type { Notify } from './SponsorApp';

type Targets = SponsorOutput<'sponsor.queryTargets'>;

function NativeSelect({
  id,
  label,
  value,
  onChange,
  options,
  empty,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  empty: string;
}) {
  return (
    <TextField
      id={id}
      select
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 160 }}
    >
      <option value="">{empty}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

export function RaiseQuery({ targets, notify, onRaised }: { targets: Targets; notify: Notify; onRaised: () => void }) {
  const [subject, setSubject] = useState('');
  const [event, setEvent] = useState('');
  const [form, setForm] = useState('');
  const [field, setField] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const forms = useMemo(() => {
    const ofEvent = targets.events.find((e) => e.id === event)?.forms;
    return targets.forms.filter((f) => !ofEvent || ofEvent.includes(f.id));
  }, [targets, event]);
  const fields = targets.forms.find((f) => f.id === form)?.fields ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await sponsorApi['sponsor.raiseQuery']({ subject, event, form, field: field || undefined, text });
      notify(`Sponsor query #${r.id} raised on ${subject} (site ${r.site})`);
      setText('');
      setField('');
      onRaised();
    } catch (x) {
      setError(sponsorError(x).message);
    }
  };

  return (
    <Paper component="form" aria-labelledby="raise-h" onSubmit={submit} sx={{ p: 2, display: 'grid', gap: 1.5 }}>
      <Typography id="raise-h" variant="h2">
        Raise a query
      </Typography>
      <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
        <NativeSelect
          id="q-subject"
          label="Subject"
          value={subject}
          onChange={setSubject}
          empty="Choose a subject"
          options={targets.subjects.map((s) => ({ value: s.id, label: `${s.id} (${s.site})` }))}
        />
        <NativeSelect
          id="q-event"
          label="Event"
          value={event}
          onChange={(v) => {
            setEvent(v);
            setForm('');
            setField('');
          }}
          empty="Choose an event"
          options={targets.events.map((e) => ({ value: e.id, label: e.label }))}
        />
        <NativeSelect
          id="q-form"
          label="Form"
          value={form}
          onChange={(v) => {
            setForm(v);
            setField('');
          }}
          empty="Choose a form"
          options={forms.map((f) => ({ value: f.id, label: f.id }))}
        />
        <NativeSelect
          id="q-field"
          label="Field (optional)"
          value={field}
          onChange={setField}
          empty="The whole form"
          options={fields.map((f) => ({ value: f, label: f }))}
        />
      </Box>
      <TextField
        id="q-text"
        label="Question"
        value={text}
        onChange={(e) => setText(e.target.value)}
        multiline
        minRows={2}
        error={!!error}
        helperText={error ?? 'The site sees it as a query raised by "sponsor" once it imports its queries file.'}
      />
      <Box>
        <Button type="submit" variant="contained" disabled={!subject || !event || !form || !text.trim()}>
          Raise query
        </Button>
      </Box>
    </Paper>
  );
}
