/** The casebook's signature block: who signed, what it means, the voided signatures, verification so far. */
import { Box, Stack, Typography } from '@mui/material';
import DrawIcon from '@mui/icons-material/Draw';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { pluralWord } from '../../../shared/plural';
import { ROLE_LABELS, type Role } from '../../../shared/roles';
import { utcTime } from '../app/signature';

type View = ChannelOutput<'casebook.get'>;

/** Signature (who, role, meaning, UTC time), the voided ones under it, and how far verification has got. */
export function ReviewSummary({ view }: { view: View }) {
  const forms = view.events.flatMap((e) => e.forms).filter((f) => f.status !== 'empty');
  const verified = forms.filter(
    (f) => f.status === 'verified' || f.status === 'signed' || f.status === 'locked',
  ).length;
  const sig = view.signature;
  const voided = view.signatures.filter((x) => x.voidedAt !== null);
  return (
    <Stack spacing={1}>
      {sig ? (
        <Stack direction="row" spacing={1} alignItems="flex-start" aria-label="Signature" role="group">
          <DrawIcon sx={{ color: '#6a1b9a' }} aria-hidden />
          <Box>
            <Typography variant="body2">
              <strong>Signed by {sig.fullName}</strong> · {ROLE_LABELS[sig.role as Role] ?? sig.role} ({sig.username})
            </Typography>
            <Typography variant="body2">{utcTime(sig.signedAt)}</Typography>
            <Typography variant="body2" color="text.secondary">
              Meaning: “{sig.meaning}”
            </Typography>
          </Box>
        </Stack>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Not signed.
        </Typography>
      )}
      {voided.length > 0 && <VoidedSignatures list={voided} />}
      <Typography variant="body2" color="text.secondary">
        {forms.length
          ? `${verified} of ${forms.length} entered forms verified, signed or locked.`
          : 'No form entered yet.'}
      </Typography>
    </Stack>
  );
}

/** Signatures an edit voided (21 CFR 11.70): they stay on the record, struck through, with who voided them and why. */
function VoidedSignatures({ list }: { list: View['signatures'] }) {
  return (
    <Box component="section" aria-labelledby="sig-voided-h">
      <Typography id="sig-voided-h" variant="caption" component="h3" color="text.secondary" sx={{ fontWeight: 600 }}>
        Voided {pluralWord(list.length, 'signature')}
      </Typography>
      <Stack component="ul" spacing={0.75} sx={{ p: 0, m: 0, listStyle: 'none' }}>
        {list.map((v) => (
          <Box component="li" key={v.id}>
            <Typography variant="body2" sx={{ textDecoration: 'line-through' }}>
              Signed by {v.fullName} · {ROLE_LABELS[v.role as Role] ?? v.role} ({v.username}) · {utcTime(v.signedAt)}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Voided on {utcTime(v.voidedAt ?? '')} by {v.voidedBy ?? 'unknown'}
              {v.voidReason ? `: ${v.voidReason}` : ''}
            </Typography>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}
