/** The casebook's side panels computed from all its forms: the cross-form checks that fail, the derived values. */
import { Paper, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import WarningIcon from '@mui/icons-material/WarningAmber';
import CheckIcon from '@mui/icons-material/CheckCircleOutline';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { plural, pluralWord } from '../../../shared/plural';
import { useApp } from '../app/context';

type View = ChannelOutput<'casebook.get'>;

export function CrossFormChecks({ view }: { view: View }) {
  const failing = view.rules.filter((r) => !r.ok);
  return (
    <Paper component="section" aria-labelledby="rules-h" sx={{ p: 2 }}>
      <Typography id="rules-h" variant="h2" sx={{ mb: 1 }}>
        Cross-form checks
      </Typography>
      {failing.length === 0 ? (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ color: 'success.main' }}>
          <CheckIcon fontSize="small" aria-hidden />{' '}
          <Typography variant="body2">
            {plural(view.rules.length, 'check')} {pluralWord(view.rules.length, 'passes', 'pass')}.
          </Typography>
        </Stack>
      ) : (
        <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
          {failing.map((r) => (
            <Stack component="li" key={r.id} direction="row" spacing={1} alignItems="flex-start">
              {r.severity === 'error' ? (
                <ErrorIcon color="error" fontSize="small" aria-hidden />
              ) : (
                <WarningIcon color="warning" fontSize="small" aria-hidden />
              )}
              <Typography variant="body2">
                <strong>{r.severity === 'error' ? 'Error' : 'Warning'}:</strong> {r.message}
              </Typography>
            </Stack>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export function DerivedValues({ view }: { view: View }) {
  const { study } = useApp();
  return (
    <Paper component="section" aria-labelledby="derived-h" sx={{ p: 2 }}>
      <Typography id="derived-h" variant="h2" sx={{ mb: 1 }}>
        Derived values
      </Typography>
      <Table size="small" aria-labelledby="derived-h">
        <TableBody>
          {study.def.derived.map((d) => {
            const v = view.derived[d.id];
            const shown =
              v === null || v === undefined
                ? '—'
                : d.type === 'yesno'
                  ? v === 'Y'
                    ? 'Yes'
                    : v === 'N'
                      ? 'No'
                      : String(v)
                  : `${v}${d.unit ? ` ${d.unit}` : ''}`;
            return (
              <TableRow key={d.id}>
                <TableCell component="th" scope="row" sx={{ pl: 0 }}>
                  {d.label}
                </TableCell>
                <TableCell align="right" sx={{ pr: 0, fontVariantNumeric: 'tabular-nums' }}>
                  {shown}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Paper>
  );
}
