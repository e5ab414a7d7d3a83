/**
 * "Register a new subject" asks first: a subject ID is spent for good (never reused), so a
 * stray click must not take one. A registered subject with nothing saved is listed as
 * "No data yet" and can be discarded from its casebook (subject-discard.ts), with a reason.
 */
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';

export function RegisterConfirm(props: { open: boolean; busy: boolean; onCancel(): void; onConfirm(): void }) {
  return (
    <Dialog open={props.open} onClose={props.onCancel} aria-labelledby="register-h">
      <DialogTitle id="register-h">Register a new subject?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This takes the next subject ID now. IDs are never reused: if no form is saved, the subject is listed as “No
          data yet” until its registration is discarded from its casebook (with a reason, kept in the audit trail).
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button variant="contained" onClick={props.onConfirm} disabled={props.busy} autoFocus>
          Register
        </Button>
      </DialogActions>
    </Dialog>
  );
}
