/** Everything a form screen needs, in one call (forms.context): the saved state, the casebook around it, a kept draft. */
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { Casebook } from '../../../shared/protocol/casebook';
import type { Role } from '../../../shared/roles';
import { api, messageOf } from '../app/api';

export type FormState = ChannelOutput<'forms.get'>;
export type CasebookView = ChannelOutput<'casebook.get'>;
export type Draft = NonNullable<ChannelOutput<'drafts.get'>>;

export interface FormKeyRoute {
  subjectId: string;
  event: string;
  form: string;
  /** 0 = a new instance of a repeating form, not saved yet. */
  instance: number;
}

export interface FormData {
  state: FormState | null;
  view: CasebookView;
  /** The other saved forms of the subject, for cross-form checks and computed values. */
  casebook: Casebook;
  draft: Draft | null;
  /** The instance the engine evaluates this form as (the next number for a new one). */
  engineInstance: number;
}

export function useFormData(
  key: FormKeyRoute,
  role: Role,
): { data: FormData | null; error: string | null; setState(s: FormState): void; reload(): void } {
  const [data, setData] = useState<FormData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let alive = true;
    api['forms.context']({ subjectId: key.subjectId, event: key.event, form: key.form, instance: key.instance })
      .then((c) => {
        if (alive)
          setData({
            state: c.state,
            view: c.view,
            casebook: { subjectId: key.subjectId, forms: c.others },
            draft: c.draft,
            engineInstance: c.engineInstance,
          });
      })
      .catch((e) => alive && setError(messageOf(e)));
    return () => {
      alive = false;
    };
    // The role decides what the context holds (a monitor gets no draft, no withheld fields).
  }, [key.subjectId, key.event, key.form, key.instance, role, tick]);

  const setState = useCallback((s: FormState) => setData((d) => (d ? { ...d, state: s } : d)), []);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, setState, reload };
}
