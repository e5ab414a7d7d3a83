/** The chosen profile's rules, before anything is written: PHI class → what the export does → fields. */
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useApp } from '../app/context';
import type { ProfileInfo } from '../../../shared/ipc/views';
import { fieldsByClass, PHI_CLASS_TEXT } from './model';

export function ProfileRules({ profile }: { profile: ProfileInfo }) {
  const { study } = useApp();
  const classes = fieldsByClass(study).filter((c) => c.fields.length > 0);
  return (
    <Box>
      <Table size="small" aria-label={`Rules of the ${profile.id} profile`}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 170 }}>PHI class</TableCell>
            <TableCell>What the export does</TableCell>
            <TableCell sx={{ width: '34%' }}>Fields</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {classes.map((c) => (
            <TableRow key={c.phi}>
              <TableCell component="th" scope="row">
                <strong>{PHI_CLASS_TEXT[c.phi]}</strong>
                <Typography variant="caption" component="div" color="text.secondary">
                  <code>{c.phi}</code>
                </Typography>
              </TableCell>
              <TableCell>{profile.rules[c.phi]}</TableCell>
              <TableCell
                sx={{
                  fontFamily: c.phi === 'none' ? undefined : 'ui-monospace, monospace',
                  fontSize: 12,
                  color: 'text.secondary',
                  wordBreak: 'break-word',
                }}
              >
                {c.phi === 'none' ? `All ${c.fields.length} other fields` : c.fields.join(', ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
