/** The export's format, and for ODM whether the Transactional audit-trail file goes with it. */
import { Box, Checkbox, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Typography } from '@mui/material';
import { EXPORT_FORMATS, type ExportFormat, type ProfileInfo } from '../../../shared/ipc/views';
import { auditAllowed, FORMAT_TEXT } from './format';

export function FormatChoice({
  format,
  onFormat,
  audit,
  onAudit,
  profile,
  disabled,
}: {
  format: ExportFormat;
  onFormat: (f: ExportFormat) => void;
  audit: boolean;
  onAudit: (a: boolean) => void;
  profile: ProfileInfo | null;
  disabled: boolean;
}) {
  const mayAudit = auditAllowed(profile, format);
  return (
    <FormControl disabled={disabled}>
      <FormLabel id="exp-format-label">Format</FormLabel>
      <RadioGroup
        aria-labelledby="exp-format-label"
        value={format}
        onChange={(e) => onFormat(e.target.value as ExportFormat)}
      >
        {EXPORT_FORMATS.map((f) => (
          <FormControlLabel
            key={f}
            value={f}
            control={<Radio size="small" />}
            sx={{ alignItems: 'flex-start', mb: 0.5, '& .MuiRadio-root': { pt: 0.25 } }}
            label={
              <Box>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {FORMAT_TEXT[f].label}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {FORMAT_TEXT[f].hint}
                </Typography>
              </Box>
            }
          />
        ))}
      </RadioGroup>
      {format === 'odm' && (
        <>
          <FormControlLabel
            control={
              <Checkbox checked={audit && mayAudit} disabled={!mayAudit} onChange={(e) => onAudit(e.target.checked)} />
            }
            label="Also the audit trail (a Transactional ODM file: who changed what, when, never the values)"
          />
          {!mayAudit && (
            <Typography variant="caption" color="text.secondary">
              The audit trail carries dates and times: only a profile that keeps dates may write it.
            </Typography>
          )}
        </>
      )}
    </FormControl>
  );
}
