/** A calm, dense theme for a screen a coordinator lives in all day. System fonts only (offline). */
import { createTheme } from '@mui/material/styles';

export const STATUS_COLORS = {
  empty: '#616161',
  draft: '#8a5300',
  complete: '#26692a',
  verified: '#1565c0',
  signed: '#6a1b9a',
  locked: '#37474f',
} as const;

export const theme = createTheme({
  palette: {
    primary: { main: '#1f5f8b' },
    secondary: { main: '#5c6bc0' },
    background: { default: '#f4f6f8', paper: '#ffffff' },
    warning: { main: '#a15c00' },
    error: { main: '#c62828' },
    success: { main: '#2e7d32' },
    // MUI's default info blue gives 3.85:1 with white text; this one passes WCAG AA (4.5:1).
    info: { main: '#01579b' },
  },
  typography: {
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
    fontSize: 13,
    h1: { fontSize: '1.5rem', fontWeight: 600 },
    h2: { fontSize: '1.25rem', fontWeight: 600 },
    h3: { fontSize: '1.05rem', fontWeight: 600 },
  },
  shape: { borderRadius: 6 },
  components: {
    MuiButton: {
      defaultProps: { size: 'small', disableElevation: true },
      styleOverrides: { root: { textTransform: 'none' } },
    },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiSelect: { defaultProps: { size: 'small' } },
    MuiFormControl: { defaultProps: { size: 'small' } },
    MuiIconButton: { defaultProps: { size: 'small' } },
    MuiTooltip: { defaultProps: { arrow: true } },
    MuiPaper: { defaultProps: { variant: 'outlined' } },
    MuiAppBar: { defaultProps: { elevation: 0 } },
  },
});
