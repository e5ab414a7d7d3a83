/** Where a written file is and its SHA-256, selectable for copying into a transmittal log. */
import { Box, Stack, Typography } from '@mui/material';
import CheckIcon from '@mui/icons-material/CheckCircleOutline';

export function FileResult({
  title,
  file,
  sha256,
  details,
}: {
  title: string;
  file: string;
  sha256: string;
  details?: string;
}) {
  const name = file.split(/[\\/]/).pop() ?? file;
  return (
    <Box role="status" sx={{ border: 1, borderColor: 'success.main', borderRadius: 1, p: 1.5, bgcolor: '#f3f9f3' }}>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <CheckIcon color="success" aria-hidden />
        <Typography variant="h3" component="h2">
          {title}
        </Typography>
      </Stack>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 0.5,
          m: 0,
          '& dt': { color: 'text.secondary', fontSize: 13 },
          '& dd': { m: 0, fontSize: 13, wordBreak: 'break-all' },
        }}
      >
        <dt>File name</dt>
        <dd>
          <strong>{name}</strong>
        </dd>
        <dt>Saved in</dt>
        <dd>
          <Box component="code" sx={{ fontFamily: 'ui-monospace, monospace', userSelect: 'all' }}>
            {file}
          </Box>
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <Box
            component="code"
            aria-label="SHA-256 of the file"
            sx={{ fontFamily: 'ui-monospace, monospace', userSelect: 'all' }}
          >
            {sha256}
          </Box>
        </dd>
        {details && (
          <>
            <dt>Content</dt>
            <dd>{details}</dd>
          </>
        )}
      </Box>
    </Box>
  );
}
