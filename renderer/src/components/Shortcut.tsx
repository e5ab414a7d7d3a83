import { Box } from '@mui/material';

/**
 * A key shortcut shown on its button. Hidden from assistive technology, which reads the
 * button's `aria-keyshortcuts` instead, so the button's name stays what it says.
 */
export function Shortcut({ keys }: { keys: string }) {
  return (
    <Box
      component="kbd"
      aria-hidden
      sx={{
        ml: 1,
        px: 0.5,
        fontFamily: 'inherit',
        fontSize: '0.75em',
        fontWeight: 500,
        border: 1,
        borderColor: 'currentColor',
        borderRadius: 0.5,
        display: { xs: 'none', md: 'inline' },
      }}
    >
      {keys}
    </Box>
  );
}
