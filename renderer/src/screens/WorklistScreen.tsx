/**
 * The follow-up worklist (site roles): visits due or overdue by the protocol windows, earliest
 * first, with what is needed to call the patient. Identified: it never leaves the site.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Chip,
  Link,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import ScheduleIcon from '@mui/icons-material/Schedule';
import WarningIcon from '@mui/icons-material/ErrorOutline';
import DownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import { displayDate } from '../../../shared/date-display';
import type { WorklistRow } from '../../../shared/ipc/views';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { routeHash } from '../app/router';
import { FileResult } from '../components/FileResult';
import { ScreenTitle } from '../components/ScreenTitle';
import { plural } from '../../../shared/plural';

const date = (d: string | null) => displayDate(d);

function StateChip({ state }: { state: WorklistRow['state'] }) {
  return state === 'overdue' ? (
    <Chip size="small" color="error" icon={<WarningIcon />} label="Overdue" sx={{ fontWeight: 600 }} />
  ) : (
    <Chip
      size="small"
      color="warning"
      variant="outlined"
      icon={<ScheduleIcon />}
      label="Due now"
      sx={{ fontWeight: 600 }}
    />
  );
}

export function WorklistScreen() {
  const { study, notify } = useApp();
  const [rows, setRows] = useState<WorklistRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<{ file: string; sha256: string; rows: number } | null>(null);
  const contacts = study.def.contactFields.map((r) => ({ id: r.field, label: study.field(r.form, r.field).label }));

  useEffect(() => {
    api['worklist.followUp']({}).then(
      (r) => setRows(r),
      (e) => setError(messageOf(e)),
    );
  }, []);

  const exportList = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api['export.worklist']({});
      setFile(r);
      notify('Worklist written (contains PHI).', 'warning');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const overdue = rows?.filter((r) => r.state === 'overdue').length ?? 0;
  return (
    <Stack spacing={2}>
      <ScreenTitle
        title="Follow-up worklist"
        sub={rows ? `${plural(rows.length, 'visit')} to arrange · ${overdue} overdue` : 'Loading…'}
      >
        <Button
          variant="outlined"
          color="error"
          startIcon={<DownloadIcon />}
          onClick={exportList}
          disabled={busy || !rows?.length}
        >
          Export worklist (PHI)
        </Button>
      </ScreenTitle>
      <Alert severity="warning" variant="outlined">
        <AlertTitle>Contains protected health information</AlertTitle>
        Names and phone numbers are shown for the site’s own follow-up calls. The exported worklist is an identified
        file marked “CONTAINS PHI — DO NOT SEND”: keep it on this computer, never e-mail it or send it to the sponsor.
        Each export is recorded in the audit trail.
      </Alert>
      {file && (
        <FileResult
          title="Worklist written"
          file={file.file}
          sha256={file.sha256}
          details={`${plural(file.rows, 'row')}, identified (PHI)`}
        />
      )}
      {error && <Alert severity="error">{error}</Alert>}
      <Paper sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Follow-up visits due or overdue, earliest first">
          <TableHead>
            <TableRow>
              <TableCell>Subject</TableCell>
              <TableCell>Visit</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Window opens</TableCell>
              <TableCell>Window closes</TableCell>
              <TableCell>Overdue after</TableCell>
              {contacts.map((c) => (
                <TableCell key={c.id}>{c.label}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows?.map((r) => (
              <TableRow key={`${r.subjectId}/${r.event}`} hover>
                <TableCell>
                  <Link
                    href={routeHash({ name: 'casebook', subjectId: r.subjectId })}
                    sx={{ fontWeight: 600 }}
                    aria-label={`Casebook of ${r.subjectId}`}
                  >
                    {r.subjectId}
                  </Link>
                </TableCell>
                <TableCell>{r.eventLabel}</TableCell>
                <TableCell>
                  <StateChip state={r.state} />
                </TableCell>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{date(r.from)}</TableCell>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{date(r.to)}</TableCell>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{date(r.overdueAfter)}</TableCell>
                {contacts.map((c) => (
                  <TableCell key={c.id}>
                    {r.contact[c.id] || (
                      <Box component="span" sx={{ color: 'text.secondary' }}>
                        —
                      </Box>
                    )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {rows && rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={6 + contacts.length}>
                  <Typography variant="body2" color="text.secondary">
                    No follow-up visit is due or overdue.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Paper>
    </Stack>
  );
}
