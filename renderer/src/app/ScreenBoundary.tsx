/**
 * A screen that throws while rendering shows its own error, with a way back, instead of taking
 * the shell (menu, lock, log out) down with it: in Electron there is no address bar to escape a
 * blank window. The shell keys it by route, so going elsewhere starts afresh.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, AlertTitle, Button, Stack, Typography } from '@mui/material';

interface Props {
  /** What the person was looking at, for the message and the log line. */
  screen: string;
  onHome: () => void;
  children: ReactNode;
}

export class ScreenBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The one place a renderer crash is recorded: the console of the window (devtools in
    // Electron, the browser's console for the host), with the component stack to find it.
    console.error(
      `[sitecrf] the ${this.props.screen} screen failed: ${error instanceof Error ? error.message : String(error)}`,
      info.componentStack ?? '',
    );
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert
        severity="error"
        action={
          <Stack direction="row" spacing={1}>
            <Button color="inherit" onClick={() => this.setState({ error: null })}>
              Try again
            </Button>
            <Button color="inherit" onClick={this.props.onHome}>
              Go to Subjects
            </Button>
          </Stack>
        }
      >
        <AlertTitle>
          <Typography component="h1" variant="h3" tabIndex={-1}>
            This screen failed ({this.props.screen})
          </Typography>
        </AlertTitle>
        Nothing saved is lost, and the rest of SiteCRF still works. Try again, or go back with the menu. If it happens
        again, tell your administrator what you did and this message: {error.message}
      </Alert>
    );
  }
}
