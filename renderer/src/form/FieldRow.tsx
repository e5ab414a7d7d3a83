/** One field: its label, the fitting control, missing-data code, history, and its messages. */
import { memo } from 'react';
import { Box, Chip, Stack, Typography } from '@mui/material';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import WarningIcon from '@mui/icons-material/WarningAmber';
import { MISSING_LABELS, type FieldDef, type FieldValue } from '../../../shared/protocol/schema';
import { MissingCodeMenu } from './MissingCodeMenu';
import { focusFieldControl } from './focus';
import { FieldHistory } from './FieldHistory';
import { FieldQueryButton } from '../queries/FieldQueryButton';
import { fieldDomId, isMissingValue, type FieldControlProps, type RawValue } from './types';
import { TextFieldControl } from './fields/TextFieldControl';
import { NumberFieldControl } from './fields/NumberFieldControl';
import { DateFieldControl } from './fields/DateFieldControl';
import { ChoiceFieldControl } from './fields/ChoiceFieldControl';
import { MultiFieldControl } from './fields/MultiFieldControl';
import { ComputedFieldControl } from './fields/ComputedFieldControl';

export interface FieldMessage {
  severity: 'error' | 'warning';
  message: string;
}

interface Props {
  field: FieldDef;
  value: RawValue;
  computed: FieldValue | undefined;
  required: boolean;
  messages: FieldMessage[];
  readOnly: boolean;
  historyKey: { subjectId: string; event: string; form: string; instance: number } | null;
  onChange(id: string, v: RawValue): void;
  onBlur(id: string): void;
  /** Queries on this field (open, all); absent when the user can neither see nor open one. */
  queries?: { open: number; total: number };
  onQueries?(id: string): void;
  /** An identifier this role may not see (main left its value out). */
  withheld?: boolean;
}

const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function Control(p: FieldControlProps) {
  switch (p.field.type) {
    case 'text':
      return <TextFieldControl {...p} />;
    case 'int':
    case 'decimal':
      return <NumberFieldControl {...p} />;
    case 'date':
      return <DateFieldControl {...p} />;
    case 'choice':
    case 'yesno':
      return <ChoiceFieldControl {...p} />;
    case 'multi':
      return <MultiFieldControl {...p} />;
    case 'computed':
      return null;
  }
}

export const FieldRow = memo(function FieldRow({
  field,
  value,
  computed,
  required,
  messages,
  readOnly,
  historyKey,
  onChange,
  onBlur,
  queries,
  onQueries,
  withheld,
}: Props) {
  const labelId = `${fieldDomId(field.id)}-label`;
  const inputId = fieldDomId(field.id);
  const msgId = `${inputId}-msg`;
  const helpId = `${inputId}-help`;
  const describedBy =
    [field.help ? helpId : null, messages.length ? msgId : null].filter(Boolean).join(' ') || undefined;
  const hasError = messages.some((m) => m.severity === 'error');
  const missing = isMissingValue(value) ? value.missing : null;
  const change = (v: RawValue) => onChange(field.id, v);
  const blur = () => onBlur(field.id);

  return (
    <Box
      data-field={field.id}
      // Tab goes field to field (a coordinator types all day); the field's tools are on keys.
      onKeyDown={(e) => {
        if (!e.altKey || e.ctrlKey || e.metaKey) return;
        const k = e.key.toLowerCase();
        const action =
          k === 'm' ? 'missing' : k === 'h' ? 'history' : k === 'q' ? 'query' : k === 'd' ? 'calendar' : null;
        const btn = action ? e.currentTarget.querySelector<HTMLButtonElement>(`[data-action="${action}"]`) : null;
        if (btn) {
          e.preventDefault();
          btn.click();
        }
      }}
      sx={{
        display: 'grid',
        gridTemplateColumns: { sm: '300px 1fr 104px', xs: '1fr auto' },
        columnGap: 2,
        rowGap: 0.5,
        py: 1,
        px: 1.5,
        borderLeft: 3,
        borderColor: hasError
          ? 'error.main'
          : messages.length
            ? 'warning.main'
            : queries?.open
              ? 'error.light'
              : 'transparent',
        bgcolor: queries?.open ? 'rgba(198,40,40,0.035)' : undefined,
        '&:not(:last-of-type)': { borderBottom: '1px solid', borderBottomColor: 'grey.200' },
      }}
    >
      <Box sx={{ pt: field.type === 'computed' ? 0.75 : 1 }}>
        <Typography
          id={labelId}
          component={
            field.type === 'text' || field.type === 'int' || field.type === 'decimal' || field.type === 'date'
              ? 'label'
              : 'span'
          }
          htmlFor={inputId}
          variant="body2"
          sx={{ fontWeight: 500, display: 'block' }}
        >
          {field.label}
          {required && (
            <>
              <Box component="span" aria-hidden sx={{ color: 'error.main', ml: 0.5 }}>
                *
              </Box>
              <Box component="span" sx={visuallyHidden}>
                {' '}
                (required)
              </Box>
            </>
          )}
        </Typography>
        {field.help && (
          <Typography id={helpId} variant="caption" color="text.secondary">
            {field.help}
          </Typography>
        )}
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Box sx={{ minHeight: 34, display: 'flex', alignItems: 'flex-start' }}>
          <Box sx={{ flex: field.type === 'text' && (field.maxLength ?? 0) > 200 ? 1 : '0 1 auto', minWidth: 0 }}>
            {withheld ? (
              <Chip
                id={inputId}
                tabIndex={0}
                aria-labelledby={`${labelId} ${inputId}`}
                label="Identifier withheld from your role"
                variant="outlined"
                sx={{ mt: 0.5 }}
              />
            ) : field.type === 'computed' ? (
              <ComputedFieldControl field={field} value={computed} labelId={labelId} inputId={inputId} />
            ) : missing ? (
              <Chip
                id={inputId}
                tabIndex={0}
                aria-labelledby={`${labelId} ${inputId}`}
                label={`${missing} — ${MISSING_LABELS[missing]}`}
                onDelete={readOnly ? undefined : () => change(null)}
                sx={{ mt: 0.5, bgcolor: '#eceff1', fontWeight: 500 }}
              />
            ) : (
              <Control
                field={field}
                value={value}
                onChange={change}
                onBlur={blur}
                readOnly={readOnly}
                invalid={hasError}
                labelId={labelId}
                inputId={inputId}
                describedBy={describedBy}
              />
            )}
          </Box>
        </Box>
        <Box id={msgId} aria-live="polite">
          {messages.map((m, i) => (
            <Stack
              key={i}
              direction="row"
              spacing={0.5}
              alignItems="center"
              sx={{ color: m.severity === 'error' ? 'error.main' : 'warning.main', mt: 0.25 }}
            >
              {m.severity === 'error' ? (
                <ErrorIcon sx={{ fontSize: 16 }} aria-hidden />
              ) : (
                <WarningIcon sx={{ fontSize: 16 }} aria-hidden />
              )}
              <Typography variant="caption" sx={{ fontSize: 12.5 }}>
                <Box component="span" sx={visuallyHidden}>
                  {m.severity === 'error' ? 'Error: ' : 'Warning: '}
                </Box>
                {m.message}
              </Typography>
            </Stack>
          ))}
        </Box>
      </Box>
      <Stack
        direction="row"
        spacing={0.25}
        justifyContent="flex-end"
        alignItems="flex-start"
        sx={{ pt: 0.25, gridRow: { xs: 1, sm: 'auto' }, gridColumn: { xs: 2, sm: 'auto' } }}
      >
        {queries && onQueries && (
          <FieldQueryButton
            label={field.label}
            open={queries.open}
            total={queries.total}
            tabbable={readOnly}
            onClick={() => onQueries(field.id)}
          />
        )}
        {historyKey && field.type !== 'computed' && (
          <FieldHistory fieldId={field.id} fieldLabel={field.label} formKey={historyKey} />
        )}
        {field.type !== 'computed' && !readOnly && (
          <MissingCodeMenu
            fieldLabel={field.label}
            current={missing}
            onPick={(c) => {
              change({ missing: c });
              blur();
            }}
            onClear={() => change(null)}
            onDone={() => focusFieldControl(field.id)}
          />
        )}
      </Stack>
    </Box>
  );
});
