/**
 * The subjects table: every subject with the status of each event/form, like REDCap's record
 * status dashboard. Virtualised by the DataGrid, filtered in memory (10,000 rows stay instant).
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  InputAdornment,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { DataGrid, type GridColDef, type GridColumnGroupingModel } from '@mui/x-data-grid';
import AddIcon from '@mui/icons-material/PersonAdd';
import SearchIcon from '@mui/icons-material/Search';
import WarningIcon from '@mui/icons-material/WarningAmber';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { navigate } from '../app/router';
import { STATUS_LABELS, StatusMark } from '../app/StatusMark';
import { plural } from '../../../shared/plural';
import { compareSubjectIds } from '../../../shared/subject-id';
import { RegisterConfirm } from './RegisterConfirm';
import { keepSubjectsView, keptSubjectsView } from './subjectsView';

type Dashboard = ChannelOutput<'subjects.dashboard'>;
type Row = Dashboard['rows'][number];

export function SubjectsScreen() {
  const { session, study } = useApp();
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kept = keptSubjectsView();
  const [search, setSearch] = useState(kept.search);
  const [stratum, setStratum] = useState(kept.stratum);
  const [overdueOnly, setOverdueOnly] = useState(kept.overdueOnly);
  const [queriesOnly, setQueriesOnly] = useState(kept.queriesOnly);
  const [page, setPage] = useState(kept.page);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  useEffect(
    () => keepSubjectsView({ search, stratum, overdueOnly, queriesOnly, page }),
    [search, stratum, overdueOnly, queriesOnly, page],
  );
  const q = useDeferredValue(search.trim().toLowerCase());
  const identified = may(session.user.role, 'subject.identified');
  const canRegister = may(session.user.role, 'subject.register');

  useEffect(() => {
    api['subjects.dashboard']({}).then(setData, (e) => setError(messageOf(e)));
  }, []);

  const register = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      const s = await api['subjects.register']({});
      const first = study.def.events.find((e) => !e.repeating) ?? study.def.events[0]!;
      navigate({ name: 'form', subjectId: s.subjectId, event: first.id, form: first.forms[0]!, instance: 1 });
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const rows = useMemo(() => {
    if (!data) return [];
    return data.rows.filter((r) => {
      if (stratum && r.stratum !== stratum) return false;
      if (overdueOnly && r.overdue.length === 0) return false;
      if (queriesOnly && r.openQueries + r.answeredQueries === 0) return false;
      if (q) {
        const hay = `${r.subjectId} ${r.mrn ?? ''} ${r.name ?? ''}`.toLowerCase();
        if (!hay.includes(q)) return false;
      }
      return true;
    });
  }, [data, stratum, overdueOnly, queriesOnly, q]);

  const openForm = useCallback(
    (row: Row, key: string) => {
      const col = data?.columns.find((c) => c.key === key);
      if (!col) return;
      if (col.repeating) navigate({ name: 'casebook', subjectId: row.subjectId });
      else navigate({ name: 'form', subjectId: row.subjectId, event: col.event, form: col.form, instance: 1 });
    },
    [data],
  );

  const columns = useMemo<GridColDef<Row>[]>(() => {
    if (!data) return [];
    const cols: GridColDef<Row>[] = [
      {
        field: 'subjectId',
        headerName: 'Subject',
        width: 96,
        sortComparator: (a, b) => compareSubjectIds(a as string, b as string),
        renderCell: (p) => (
          <Box component="span" sx={{ fontWeight: 600, color: 'primary.main' }}>
            {p.value as string}
            {p.row.drafts.length > 0 && (
              <Box
                component="span"
                title={`Unsaved ${plural(p.row.drafts.length, 'draft')} of yours`}
                sx={{ ml: 0.5, fontSize: 11, fontWeight: 700, color: 'warning.dark' }}
              >
                ✎{p.row.drafts.length}
              </Box>
            )}
          </Box>
        ),
      },
    ];
    if (identified) {
      cols.push({ field: 'name', headerName: 'Name', width: 112, valueGetter: (_v, r) => r.name ?? '' });
      cols.push({ field: 'mrn', headerName: 'MRN', width: 90, valueGetter: (_v, r) => r.mrn ?? '' });
    }
    if (data.stratumLabel) {
      cols.push({
        field: 'stratum',
        headerName: data.stratumLabel,
        width: 110,
        valueGetter: (_v, r) => (r.stratum ? (data.strata.find((s) => s.code === r.stratum)?.label ?? r.stratum) : ''),
      });
    }
    for (const c of data.columns) {
      // A lone form under its event gets room for the event's name in the group header.
      const siblings = data.columns.filter((x) => x.event === c.event).length;
      const eventLabel = study.hasEvent(c.event) ? study.event(c.event).label : c.event;
      const width = siblings === 1 ? Math.max(56, Math.ceil(eventLabel.length * 7.2) + 20) : 56;
      cols.push({
        field: c.key,
        headerName: c.form,
        description: c.label,
        width,
        sortable: false,
        align: 'center',
        headerAlign: 'center',
        valueGetter: (_v, r) => (c.repeating ? (r.counts[c.key] ?? 0) : (r.forms[c.key] ?? 'empty')),
        renderCell: (p) => {
          const draft = p.row.drafts.includes(c.key);
          return (
            <Box component="span" data-draft={draft || undefined} sx={{ position: 'relative' }}>
              {c.repeating ? (
                <Box component="span" aria-label={`${c.label}: ${p.value as number}`}>
                  {p.value as number}
                </Box>
              ) : (
                <StatusMark status={p.value as string} label={`${p.row.subjectId} ${c.label}`} />
              )}
              {draft && (
                <Box
                  component="span"
                  aria-label="unsaved draft"
                  title="Your unsaved draft: open the form to take it back"
                  sx={{ position: 'absolute', top: -8, right: -10, fontSize: 11, color: 'warning.dark' }}
                >
                  ✎
                </Box>
              )}
            </Box>
          );
        },
      });
    }
    cols.push({
      field: 'openQueries',
      headerName: 'Queries',
      width: 96,
      type: 'number',
      renderCell: (p) => (
        <Box component="span" sx={{ lineHeight: 1.2 }}>
          {(p.value as number) > 0 && (
            <Box component="span" sx={{ color: 'error.main', fontWeight: 700 }}>
              {p.value as number} open
            </Box>
          )}
          {p.row.answeredQueries > 0 && (
            <Box component="span" sx={{ color: 'text.secondary', ml: 0.5 }}>
              {p.row.answeredQueries} answered
            </Box>
          )}
        </Box>
      ),
    });
    cols.push({
      field: 'overdue',
      headerName: 'Follow-up',
      width: 130,
      sortable: false,
      valueGetter: (_v, r) => r.overdue.map((e) => (study.hasEvent(e) ? study.event(e).label : e)).join(', '),
      renderCell: (p) =>
        p.value ? (
          <Stack direction="row" spacing={0.5} alignItems="center" sx={{ color: 'warning.main', height: '100%' }}>
            <WarningIcon sx={{ fontSize: 16 }} aria-hidden />
            <span>Overdue: {p.value as string}</span>
          </Stack>
        ) : (
          ''
        ),
    });
    cols.push({
      field: 'status',
      headerName: 'Status',
      width: 96,
      // A registered subject with nothing saved (an abandoned registration) says so.
      valueGetter: (_v, r) =>
        r.status === 'withdrawn' ? 'Withdrawn' : Object.keys(r.forms).length === 0 ? 'No data yet' : 'Active',
    });
    return cols;
  }, [data, identified, study]);

  const groups = useMemo<GridColumnGroupingModel>(() => {
    if (!data) return [];
    return study.def.events.map((ev) => ({
      groupId: ev.id,
      headerName: ev.label,
      headerAlign: 'center',
      children: data.columns.filter((c) => c.event === ev.id).map((c) => ({ field: c.key })),
    }));
  }, [data, study]);

  return (
    <Stack spacing={1.5} sx={{ height: 'calc(100vh - 80px)' }}>
      <Stack direction="row" alignItems="center" spacing={2}>
        <Typography variant="h1">Subjects</Typography>
        <Typography variant="body2" color="text.secondary" aria-live="polite">
          {data ? `${rows.length.toLocaleString('en-US')} of ${plural(data.rows.length, 'subject')}` : 'Loading…'}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {canRegister && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setConfirming(true)} disabled={busy}>
            Register a new subject
          </Button>
        )}
      </Stack>
      <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap>
        <TextField
          label={identified ? 'Search subject ID, MRN or name' : 'Search subject ID'}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
          sx={{ width: 320 }}
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
        {data?.stratumLabel && (
          <FormControl sx={{ minWidth: 200 }}>
            <InputLabel id="stratum-label">{data.stratumLabel}</InputLabel>
            <Select
              labelId="stratum-label"
              label={data.stratumLabel}
              value={stratum}
              onChange={(e) => setStratum(e.target.value)}
            >
              <MenuItem value="">All</MenuItem>
              {data.strata.map((s) => (
                <MenuItem key={s.code} value={s.code}>
                  {s.label}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        )}
        <FormControlLabel
          control={<Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />}
          label="Overdue follow-up"
        />
        <FormControlLabel
          control={<Checkbox checked={queriesOnly} onChange={(e) => setQueriesOnly(e.target.checked)} />}
          label="Open queries"
        />
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      <Stack
        direction="row"
        spacing={2}
        component="ul"
        aria-label="Status legend"
        sx={{ listStyle: 'none', m: 0, p: 0, flexWrap: 'wrap' }}
        useFlexGap
      >
        {(Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[]).map((k) => (
          <Box component="li" key={k} sx={{ fontSize: 12 }}>
            <StatusMark status={k} withText />
          </Box>
        ))}
      </Stack>
      <Box sx={{ flex: 1, minHeight: 300, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label="Subjects"
          rows={rows}
          columns={columns}
          columnGroupingModel={groups}
          getRowId={(r) => r.subjectId}
          loading={!data}
          density="compact"
          disableRowSelectionOnClick
          disableColumnMenu
          pageSizeOptions={[]}
          hideFooterPagination={false}
          paginationModel={{ page, pageSize: 100 }}
          onPaginationModelChange={(m) => setPage(m.page)}
          onCellClick={(p) => {
            if (data?.columns.some((c) => c.key === p.field)) openForm(p.row, p.field);
            else navigate({ name: 'casebook', subjectId: p.row.subjectId });
          }}
          onCellKeyDown={(p, e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (data?.columns.some((c) => c.key === p.field)) openForm(p.row, p.field);
            else navigate({ name: 'casebook', subjectId: p.row.subjectId });
          }}
          sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' }, '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 } }}
          localeText={{
            noRowsLabel: data?.rows.length ? 'No subject matches the search and filters' : 'No subjects yet',
          }}
        />
      </Box>
      <RegisterConfirm open={confirming} busy={busy} onCancel={() => setConfirming(false)} onConfirm={register} />
    </Stack>
  );
}
