/** The audit trail viewer (admin and monitor): filtered, paged by main, the chain's verification on top. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridPaginationModel } from '@mui/x-data-grid';
import { DATE_DISPLAY_FORMAT, displayDateTime } from '../../../shared/date-display';
import { parseDateInput } from '../../../shared/dates';
import type { ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ChainBanner } from '../audit/ChainBanner';
import { ACTION_OPTIONS, fieldText, showDetail, showValue, valueVisible, whereText } from '../audit/format';
import { ScreenTitle } from '../components/ScreenTitle';
import { SelectFilter } from '../components/SelectFilter';
import { plural } from '../../../shared/plural';

type Page = ChannelOutput<'audit.list'>;
type Row = Page['rows'][number];
interface Filters {
  subjectId: string;
  form: string;
  user: string;
  action: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { subjectId: '', form: '', user: '', action: '', from: '', to: '' };

export function AuditScreen() {
  const { study, session } = useApp();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [paging, setPaging] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const [data, setData] = useState<Page | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Filters) => (v: string) => setFilters((f) => ({ ...f, [k]: v }));

  useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    const input: ChannelInput<'audit.list'> = { page: paging.page, pageSize: paging.pageSize };
    if (applied.subjectId.trim()) input.subjectId = applied.subjectId.trim().toUpperCase();
    if (applied.form) input.form = applied.form;
    if (applied.user.trim()) input.user = applied.user.trim();
    if (applied.action) input.action = applied.action;
    if (applied.from) input.from = applied.from;
    if (applied.to) input.to = applied.to;
    api['audit.list'](input).then(
      (d) => alive && (setData(d), setLoading(false)),
      (e) => alive && (setError(messageOf(e)), setLoading(false)),
    );
    return () => {
      alive = false;
    };
  }, [applied, paging]);

  const apply = (e?: React.FormEvent) => {
    e?.preventDefault();
    // The days are typed like any date (YYYY-MM-DD or MM/DD/YYYY) and then shown in the one format:
    // a native date input would show them in the browser's locale.
    const day = (v: string): string | null => (v.trim() ? parseDateInput(v) : '');
    const from = day(filters.from);
    const to = day(filters.to);
    if (from === null || to === null) {
      setError(`${from === null ? 'From' : 'To'}: not a date (type ${DATE_DISPLAY_FORMAT} or MM/DD/YYYY)`);
      return;
    }
    const next = { ...filters, from, to };
    setFilters(next);
    setPaging((p) => ({ ...p, page: 0 }));
    setApplied(next);
  };

  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      {
        field: 'id',
        headerName: 'Row',
        width: 70,
        type: 'number',
        align: 'left',
        headerAlign: 'left',
        sortable: false,
      },
      {
        field: 'at',
        headerName: 'When (UTC)',
        width: 150,
        sortable: false,
        valueFormatter: (v: string) => displayDateTime(v, { seconds: true, zone: false }),
      },
      { field: 'user', headerName: 'User', width: 90, sortable: false },
      {
        field: 'action',
        headerName: 'Action',
        width: 130,
        sortable: false,
        renderCell: (p) => (
          <Box component="code" sx={{ fontSize: 12 }}>
            {p.row.action}
          </Box>
        ),
      },
      { field: 'subjectId', headerName: 'Subject', width: 95, sortable: false },
      { field: 'where', headerName: 'Form', width: 170, sortable: false, valueGetter: (_v, r) => whereText(study, r) },
      {
        field: 'field',
        headerName: 'Field',
        width: 170,
        sortable: false,
        valueGetter: (_v, r) => fieldText(study, r.form, r.field),
      },
      {
        field: 'change',
        headerName: 'Old → new',
        width: 190,
        sortable: false,
        valueGetter: (_v, r) =>
          r.oldValue === null && r.newValue === null
            ? ''
            : valueVisible(study, session.user.role, r.form, r.field)
              ? `${showValue(r.oldValue)} → ${showValue(r.newValue)}`
              : '(identifier, hidden) → (identifier, hidden)',
      },
      {
        field: 'reason',
        headerName: 'Reason',
        flex: 1,
        minWidth: 160,
        sortable: false,
        valueGetter: (_v, r) => r.reason ?? '',
      },
      {
        field: 'detail',
        headerName: 'Detail',
        flex: 1,
        minWidth: 200,
        sortable: false,
        valueGetter: (_v, r) => showDetail(r.detail),
      },
    ],
    [study, session.user.role],
  );

  return (
    <Stack spacing={1.5} sx={{ height: 'calc(100vh - 80px)' }}>
      <ScreenTitle
        title="Audit trail"
        sub={data ? `${plural(data.total, 'matching row')}, newest first` : 'Loading…'}
      />
      {data && <ChainBanner chain={data.chain} />}
      <Stack
        component="form"
        onSubmit={apply}
        direction="row"
        spacing={1.5}
        alignItems="center"
        flexWrap="wrap"
        useFlexGap
        aria-label="Filter the audit trail"
      >
        <TextField
          label="Subject ID"
          value={filters.subjectId}
          onChange={(e) => set('subjectId')(e.target.value)}
          sx={{ width: 130 }}
        />
        <SelectFilter
          id="a-form"
          label="Form"
          value={filters.form}
          width={170}
          options={study.def.forms.map((f) => ({ value: f.id, label: f.label }))}
          onChange={set('form')}
          allLabel="All forms"
        />
        <TextField
          label="User name"
          value={filters.user}
          onChange={(e) => set('user')(e.target.value)}
          sx={{ width: 120 }}
        />
        <SelectFilter
          id="a-action"
          label="Action"
          value={filters.action}
          width={230}
          options={ACTION_OPTIONS}
          onChange={set('action')}
          allLabel="All actions"
        />
        <TextField
          label="From (UTC day)"
          value={filters.from}
          placeholder={DATE_DISPLAY_FORMAT}
          onChange={(e) => set('from')(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
          sx={{ width: 160 }}
        />
        <TextField
          label="To (UTC day)"
          value={filters.to}
          placeholder={DATE_DISPLAY_FORMAT}
          onChange={(e) => set('to')(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
          sx={{ width: 160 }}
        />
        <Button type="submit" variant="contained">
          Apply filters
        </Button>
        <Button
          onClick={() => {
            setFilters(EMPTY);
            setPaging((p) => ({ ...p, page: 0 }));
            setApplied(EMPTY);
          }}
        >
          Clear
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      <Box sx={{ flex: 1, minHeight: 320, bgcolor: 'background.paper' }}>
        <DataGrid
          aria-label="Audit trail rows"
          rows={data?.rows ?? []}
          columns={columns}
          rowCount={data?.total ?? 0}
          loading={loading}
          paginationMode="server"
          paginationModel={paging}
          onPaginationModelChange={setPaging}
          pageSizeOptions={[25, 50, 100, 200]}
          density="compact"
          disableRowSelectionOnClick
          disableColumnMenu
          getRowHeight={() => 'auto'}
          // A page holds at most 200 rows: all of them in the DOM, for screen readers and for print.
          disableVirtualization
          sx={{
            '& .MuiDataGrid-cell': { py: 0.5, alignItems: 'flex-start', whiteSpace: 'normal', lineHeight: 1.4 },
            '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 },
          }}
          localeText={{ noRowsLabel: 'No audit row matches the filters' }}
        />
      </Box>
      <Typography variant="caption" color="text.secondary">
        Rows are append-only; each carries the SHA-256 of its content and of the row before it.
      </Typography>
    </Stack>
  );
}
