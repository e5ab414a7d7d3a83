/**
 * A dialog that is a form, so the keyboard submits it the way a browser form does: Enter in a
 * single-line field, Ctrl+Enter (or Cmd+Enter) in a multi-line one, where Enter is a new line. The
 * submit button is `type="submit"` and its `disabled` also blocks the keys. Put `autoFocus` on the
 * first input. One pattern for every dialog that takes typed input, instead of key handlers in each.
 */
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { Dialog, type DialogProps } from '@mui/material';

interface Props extends Omit<DialogProps, 'onSubmit' | 'children'> {
  onSubmit(): void;
  children: ReactNode;
}

export function submitOnCtrlEnter(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || !(e.target instanceof HTMLTextAreaElement)) return;
  e.preventDefault();
  // The shell's Ctrl+Enter ("save and next") must not see the dialog's key.
  e.stopPropagation();
  // As with Enter, a disabled submit button means the form is not ready to go.
  const button = e.currentTarget.querySelector<HTMLButtonElement>('button[type=submit]');
  if (button?.disabled) return;
  e.currentTarget.requestSubmit(button ?? undefined);
}

export function DialogForm({ onSubmit, children, slotProps, ...dialog }: Props) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // React bubbles a portal's events through the component tree: keep the submit to this dialog.
    e.stopPropagation();
    onSubmit();
  };
  return (
    <Dialog
      {...dialog}
      slotProps={{
        ...slotProps,
        paper: { component: 'form', noValidate: true, onSubmit: submit, onKeyDown: submitOnCtrlEnter } as object,
      }}
    >
      {children}
    </Dialog>
  );
}
