/**
 * Print to PDF gives a clean page: no navigation or buttons, white paper, each report section
 * kept whole and started on a page of its own where marked.
 */
import { GlobalStyles } from '@mui/material';

export function PrintStyles() {
  return (
    <GlobalStyles
      styles={{
        '@media print': {
          '@page': { size: 'A4 portrait', margin: '14mm 12mm' },
          'html, body, #root': { background: '#fff !important', color: '#000' },
          '.no-print, header.MuiAppBar-root, nav, button, .MuiButton-root, .MuiIconButton-root, .MuiSnackbar-root': {
            display: 'none !important',
          },
          main: { maxWidth: 'none !important', padding: '0 !important' },
          '.MuiPaper-root': {
            boxShadow: 'none !important',
            background: '#fff !important',
            borderColor: '#bbb !important',
          },
          '.print-section': { breakInside: 'avoid', pageBreakInside: 'avoid', marginBottom: '6mm' },
          '.print-break-before': { breakBefore: 'page', pageBreakBefore: 'always' },
          '.print-only': { display: 'block !important' },
          '*': { printColorAdjust: 'exact', WebkitPrintColorAdjust: 'exact' },
        },
        '.print-only': { display: 'none' },
      }}
    />
  );
}
