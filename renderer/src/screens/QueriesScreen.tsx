/** Every query of the site, filtered by status, subject and form; a row opens the field it is about. */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Alert, Box, InputAdornment, Stack, TextField, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import SearchIcon from '@mui/icons-material/Search';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { navigate } from '../app/router';
import { ScreenTitle } from '../components/ScreenTitle';
import { SelectFilter } from '../components/SelectFilter';
import { isUnresolved, queryRoute, STATUS_TEXT, targetText, utc, type Query, type QueryStatus } from '../queries/model';
import { QueryStatusChip } from '../queries/QueryStatusChip';
import { SponsorImport } from '../queries/SponsorImport';

const STATUS_OPTIONS = [
  { value: 'unresolved', label: 'Open or answered' },
  ...(Object.keys(STATUS_TEXT) as QueryStatus[]).map((s) => ({ value: s, label: STATUS_TEXT[s] })),
];

export function QueriesScreen() {
  const { study } = useApp();
  const [status, setStatus] = useState('unresolved');
  const [form, setForm] = useState('');
  const [subject, setSubject] = useState('');
  const [list, setList] = useState<Query[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const q = useDeferredValue(subject.trim().toUpperCase());

  useEffect(() => {
    setList(null);
    const st = status === 'unresolved' || status === '' ? undefined : (status as QueryStatus);
    api['queries.list']({ status: st, form: form || undefined }).then(setList, (e) => setError(messageOf(e)));
  }, [status, form, reload]);

  const rows = useMemo(
    () => (list ?? []).filter((x) => (status !== 'unresolved' || isUnresolved(x)) && (!q || x.subjectId.includes(q))),
    [list, status, q],
  );

  const columns = useMemo<GridColDef<Query>[]>(
    () => [
      { field: 'id', headerName: '#', width: 64, type: 'number', align: 'left', headerAlign: 'left' },
      {
        field: 'status',
        headerName: 'Status',
        width: 120,
        renderCell: (p) => <QueryStatusChip status={p.row.status} />,
      },
      {
        field: 'subjectId',
        headerName: 'Subject',
        width: 110,
        renderCell: (p) => (
          <Box component="span" sx={{ fontWeight: 600, color: 'primary.main' }}>
            {p.row.subjectId}
          </Box>
        ),
      },
      {
        field: 'where',
        headerName: 'Form',
        width: 200,
        valueGetter: (_v, r) =>
          targetText(study, {
            event: r.event ?? undefined,
            form: r.form ?? undefined,
            instance: r.instance ?? undefined,
          }).where,
      },
      {
        field: 'what',
        headerName: 'Field',
        width: 220,
        valueGetter: (_v, r) =>
          targetText(study, { event: r.event ?? undefined, form: r.form ?? undefined, field: r.field ?? undefined })
            .what,
      },
      {
        field: 'text',
        headerName: 'Latest message',
        flex: 1,
        minWidth: 260,
        sortable: false,
        valueGetter: (_v, r) => {
          const m = r.messages[r.messages.length - 1];
          return m ? `${m.username}: ${m.text || '(closed)'}` : '';
        },
      },
      { field: 'openedBy', headerName: 'Opened by', width: 110 },
      {
        field: 'openedAt',
        headerName: 'Opened (UTC)',
        width: 150,
        valueFormatter: (v: string) => utc(v, false),
      },
      {
        field: 'updatedAt',
        headerName: 'Last activity (UTC)',
        width: 160,
        valueFormatter: (v: string) => utc(v, false),
      },
    ],
    [study],
  );

  const open = (r: Query) => navigate(queryRoute(r));

  return (
    <Stack spacing={1.5} sx={{ height: 'calc(100vh - 80px)' }}>
      <ScreenTitle title="Queries" sub={list ? `${rows.length} shown` : 'Loading…'} />
      <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap>
        <SelectFilter
          id="q-status"
          label="Status"
          value={status}
          options={STATUS_OPTIONS}
          onChange={setStatus}
          allLabel="Any status"
        />
        <TextField
          label="Subject ID"
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          sx={{ width: 200 }}
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
        <SelectFilter
          id="q-form"
          label="Form"
          value={form}
          width={220}
          options={study.def.forms.map((f) => ({ value: f.id, label: f.label }))}
          onChange={setForm}
          allLabel="All forms"
        />
        <Typography variant="body2" color="text.secondary">
          Enter or click a row to open the field the query is about.
        </Typography>
        <SponsorImport onImported={() => setReload((n) => n + 1)} />
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      <Box sx={{ flex: 1, minHeight: 300, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label="Queries"
          rows={rows}
          columns={columns}
          loading={!list}
          density="compact"
          disableRowSelectionOnClick
          disableColumnMenu
          initialState={{
            sorting: { sortModel: [{ field: 'updatedAt', sort: 'desc' }] },
            pagination: { paginationModel: { pageSize: 100 } },
          }}
          pageSizeOptions={[100]}
          onRowClick={(p) => open(p.row)}
          onCellKeyDown={(p, e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            open(p.row);
          }}
          sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' }, '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 } }}
          localeText={{ noRowsLabel: list?.length ? 'No query matches the filters' : 'No queries' }}
        />
      </Box>
    </Stack>
  );
}
