/** The audit chain's verification, at the top of the viewer: intact, or the first row that breaks it. */
import { Alert, AlertTitle } from '@mui/material';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { plural } from '../../../shared/plural';

type Chain = ChannelOutput<'audit.list'>['chain'];

export function ChainBanner({ chain }: { chain: Chain }) {
  if (chain.ok)
    return (
      <Alert severity="success" variant="outlined" role="status">
        <strong>Audit trail verified: {plural(chain.rows, 'row')}, chain intact.</strong> Every row’s hash matches its
        content and the row before it.
      </Alert>
    );
  return (
    <Alert severity="error" role="alert">
      <AlertTitle>
        Audit trail NOT verified{chain.badRow !== undefined ? `: row ${chain.badRow} breaks the chain` : ''}
      </AlertTitle>
      {chain.problem ?? 'A row was changed or removed outside the application.'} Tell the administrator and the sponsor;
      do not export until it is explained.
    </Alert>
  );
}
