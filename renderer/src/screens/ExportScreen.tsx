/**
 * The monthly submission (issue 5): a period and a profile, the profile's rules shown before
 * writing, a progress bar while the workbook streams, the file's name and SHA-256 at the end.
 * The same data may be written as CDISC ODM 1.3.2 instead (issue 12), through the same profiles.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormLabel,
  LinearProgress,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import FileIcon from '@mui/icons-material/InsertDriveFileOutlined';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { ReviewView } from '../../../shared/ipc/review';
import { may } from '../../../shared/roles';
import { api, errorOf, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ScreenTitle } from '../components/ScreenTitle';
import type { ExportFormat, ProfileInfo } from '../../../shared/ipc/views';
import { auditAllowed, exportFileNames, FORMAT_TEXT } from '../export/format';
import { FormatChoice } from '../export/FormatChoice';
import { ExportResult } from '../export/ExportResult';
import { lastMonth } from '../export/model';
import { ProfileRules } from '../export/ProfileRules';
import { useExportProgress } from '../export/useExportProgress';
import { ReviewPanel } from '../export/ReviewPanel';
import { toDecisions, type Decisions } from '../export/review-model';
import { plural } from '../../../shared/plural';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function ExportScreen() {
  const { session, notify } = useApp();
  const [profiles, setProfiles] = useState<ProfileInfo[] | null>(null);
  const [profile, setProfile] = useState('');
  const [period, setPeriod] = useState(lastMonth());
  const [confirmed, setConfirmed] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [auditWanted, setAuditWanted] = useState(false);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<(ChannelOutput<'export.run'> & { profile: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const progress = useExportProgress(running);
  // The free-text review of a safe-harbor-text export: main keeps the one it showed, and the
  // export goes with its id and the decisions made here.
  const [review, setReview] = useState<ReviewView | null>(null);
  const [decisions, setDecisions] = useState<Decisions>({});
  const [reviewChecked, setReviewChecked] = useState(false);
  const [reviewLoading, setReviewLoading] = useState(false);
  const resetReview = () => {
    setReview(null);
    setDecisions({});
    setReviewChecked(false);
  };

  useEffect(() => {
    api['export.profiles']({}).then(
      (list) => {
        setProfiles(list);
        setProfile(list[0]?.id ?? '');
      },
      (e) => setError(messageOf(e)),
    );
  }, []);

  const chosen = profiles?.find((p) => p.id === profile) ?? null;
  const periodOk = PERIOD.test(period);
  const needsReview = chosen?.id === 'safe-harbor-text';
  const reviewed = !needsReview || (review !== null && review.period === period && reviewChecked);
  const canRun = !!chosen && periodOk && !running && (!chosen.phi || confirmed) && reviewed;
  const audit = auditWanted && auditAllowed(chosen, format);
  const fileNames = chosen ? exportFileNames(session.study.id, session.site.code, period, chosen, format, audit) : [];
  const noun = FORMAT_TEXT[format].noun;

  const run = async () => {
    if (!chosen) return;
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      const r = await api['export.run']({
        period,
        profile: chosen.id,
        format,
        audit,
        ...(needsReview && review ? { review: { id: review.id, decisions: toDecisions(decisions) } } : {}),
      });
      setResult({ ...r, profile: chosen.id });
      notify(
        `${r.format === 'odm' ? 'ODM file' : 'Workbook'} written: ${plural(r.subjects, 'subject')}.`,
        chosen.phi ? 'warning' : 'success',
      );
      // One review, one export: main has used it up.
      if (needsReview) resetReview();
    } catch (e) {
      setError(messageOf(e));
      const err = errorOf(e);
      // The text changed, or main no longer holds this review: it has to be looked at again.
      if (needsReview && err.code === 'CONFLICT' && (err.field?.startsWith('items[') || err.field === 'review.id'))
        resetReview();
    } finally {
      setRunning(false);
      setConfirmed(false);
    }
  };

  const pct = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : null;
  return (
    <Stack spacing={2}>
      <ScreenTitle title="Export the monthly submission" />
      {error && <Alert severity="error">{error}</Alert>}
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '360px 1fr', xs: '1fr' }, gap: 2, alignItems: 'start' }}>
        <Paper component="section" aria-labelledby="exp-choose-h" sx={{ p: 2 }}>
          <Typography id="exp-choose-h" variant="h2" sx={{ mb: 2 }}>
            What to write
          </Typography>
          <Stack spacing={2}>
            <TextField
              label="Reporting period (YYYY-MM)"
              type="month"
              value={period}
              onChange={(e) => {
                setPeriod(e.target.value);
                resetReview();
              }}
              error={!periodOk}
              helperText={
                periodOk ? 'Everything entered up to now; Changes since the previous submission.' : 'A month as YYYY-MM'
              }
              slotProps={{ inputLabel: { shrink: true } }}
              disabled={running}
            />
            <FormControl disabled={running}>
              <FormLabel id="exp-profile-label">Export profile</FormLabel>
              {profiles === null ? (
                <Typography variant="body2">Loading…</Typography>
              ) : (
                <RadioGroup
                  aria-labelledby="exp-profile-label"
                  value={profile}
                  onChange={(e) => {
                    setProfile(e.target.value);
                    setConfirmed(false);
                  }}
                >
                  {profiles.map((p) => (
                    <FormControlLabel
                      key={p.id}
                      value={p.id}
                      control={<Radio size="small" />}
                      sx={{ alignItems: 'flex-start', mb: 0.5, '& .MuiRadio-root': { pt: 0.25 } }}
                      label={
                        <Box>
                          <Typography variant="body2" sx={{ fontWeight: 600, color: p.phi ? 'error.main' : undefined }}>
                            {p.id}
                            {p.phi ? ' — contains PHI' : ''}
                          </Typography>
                          <Typography variant="caption" color="text.secondary">
                            {p.purpose}
                          </Typography>
                        </Box>
                      }
                    />
                  ))}
                </RadioGroup>
              )}
            </FormControl>
            <FormatChoice
              format={format}
              onFormat={setFormat}
              audit={audit}
              onAudit={setAuditWanted}
              profile={chosen}
              disabled={running}
            />
            {chosen?.phi && !chosen.submission && (
              <Alert severity="error" variant="filled" role="alert">
                <AlertTitle>Identified export: contains PHI</AlertTitle>
                Names, record numbers, dates and free text are written as entered. The file is marked “CONTAINS PHI — DO
                NOT SEND”, is never a submission, and must stay at the site.
              </Alert>
            )}
            {chosen?.phi && chosen.submission && (
              <Alert severity="error" variant="filled" role="alert">
                <AlertTitle>Limited Data Set: contains PHI</AlertTitle>
                Dates and 5-digit ZIP codes are written as entered (names, record numbers and free text are dropped).
                The file is marked “CONTAINS PHI” and may only be sent under the data use agreement.
              </Alert>
            )}
            {chosen?.phi && (
              <FormControlLabel
                control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />}
                label={
                  chosen.submission
                    ? 'I understand this file contains PHI and will send it only under the data use agreement.'
                    : 'I understand this file contains PHI and will keep it at the site.'
                }
              />
            )}
            <Box>
              <Typography variant="caption" color="text.secondary" component="p">
                {fileNames.length > 1 ? 'File names' : 'File name'}
              </Typography>
              {fileNames.map((name) => (
                <Stack key={name} direction="row" spacing={0.5} alignItems="center">
                  <FileIcon fontSize="small" aria-hidden />
                  <Box component="code" sx={{ fontSize: 12.5 }}>
                    {name}
                  </Box>
                </Stack>
              ))}
            </Box>
            <Button
              variant="contained"
              color={chosen?.phi ? 'error' : 'primary'}
              onClick={run}
              disabled={!canRun}
              size="medium"
            >
              {running ? 'Writing…' : `Write the ${noun}`}
            </Button>
            {needsReview && !reviewed && (
              <Typography variant="caption" color="text.secondary">
                The free text is sent only after its review: review it and tick that you have checked it.
              </Typography>
            )}
          </Stack>
        </Paper>
        <Stack spacing={2}>
          {(running || result) && (
            <Paper component="section" aria-labelledby="exp-progress-h" sx={{ p: 2 }}>
              <Typography id="exp-progress-h" variant="h2" sx={{ mb: 1 }}>
                {running ? `Writing the ${noun}` : 'Done'}
              </Typography>
              {running && (
                <Stack spacing={1}>
                  <LinearProgress
                    variant={pct === null ? 'indeterminate' : 'determinate'}
                    value={pct ?? 0}
                    aria-label="Export progress"
                    sx={{ height: 8, borderRadius: 1 }}
                  />
                  <Typography variant="body2" color="text.secondary" aria-live="polite">
                    {progress && progress.total > 0
                      ? `${progress.done.toLocaleString('en-US')} of ${plural(progress.total, 'subject')}`
                      : 'Starting…'}{' '}
                    — you can keep working; the window stays responsive.
                  </Typography>
                </Stack>
              )}
              {result && <ExportResult result={result} />}
            </Paper>
          )}
          {needsReview && (
            <Paper component="section" aria-labelledby="exp-review-h" sx={{ p: 2 }}>
              <Typography id="exp-review-h" variant="h2" sx={{ mb: 1 }}>
                Review the free text of {period}
              </Typography>
              <ReviewPanel
                view={review}
                decisions={decisions}
                onDecisions={setDecisions}
                isAdmin={session.user.role === 'admin'}
                mayReview={may(session.user.role, 'export.identified')}
                loading={reviewLoading}
                disabled={!periodOk || running}
                checked={reviewChecked}
                onChecked={setReviewChecked}
                onLoad={async (q) => {
                  setReviewLoading(true);
                  setError(null);
                  try {
                    const next = await api['export.review']({ period, ...q });
                    // Another id: the data changed since the pages already seen, so what was
                    // decided and checked there no longer holds (the panel says what changed).
                    if (!review || review.id !== next.id || review.period !== next.period) {
                      setDecisions({});
                      setReviewChecked(false);
                    }
                    setReview(next);
                  } catch (e) {
                    setError(messageOf(e));
                  } finally {
                    setReviewLoading(false);
                  }
                }}
              />
            </Paper>
          )}
          {chosen && (
            <Paper component="section" aria-labelledby="exp-rules-h" sx={{ p: 2 }}>
              <Typography id="exp-rules-h" variant="h2">
                Rules of the {chosen.id} profile
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                Every exported value passes through the rule of its field’s PHI class; the same rules are written on the
                workbook’s Cover.
              </Typography>
              <ProfileRules profile={chosen} />
            </Paper>
          )}
        </Stack>
      </Box>
    </Stack>
  );
}
