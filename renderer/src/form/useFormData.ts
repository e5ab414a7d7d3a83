/** Everything a form screen needs: the saved state, the casebook around it, and a kept draft. */
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { Casebook, FormRecord } from '../../../shared/protocol/casebook';
import { may, type Role } from '../../../shared/roles';
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
    (async () => {
      const view = await api['casebook.get']({ subjectId: key.subjectId });
      const others = view.events.flatMap((ev) =>
        ev.forms
          .filter(
            (f) => f.status !== 'empty' && !(ev.id === key.event && f.form === key.form && f.instance === key.instance),
          )
          .map((f) => ({ event: ev.id, form: f.form, instance: f.instance })),
      );
      const [state, records, draft] = await Promise.all([
        key.instance > 0
          ? api['forms.get']({ subjectId: key.subjectId, event: key.event, form: key.form, instance: key.instance })
          : Promise.resolve(null),
        Promise.all(
          others.map(async (o): Promise<FormRecord> => ({
            ...o,
            values: (await api['forms.get']({ subjectId: key.subjectId, ...o })).values,
          })),
        ),
        may(role, 'draft.keep')
          ? api['drafts.get']({ subjectId: key.subjectId, event: key.event, form: key.form, instance: key.instance })
          : Promise.resolve(null),
      ]);
      const existing =
        view.events
          .find((e) => e.id === key.event)
          ?.forms.filter((f) => f.form === key.form)
          .map((f) => f.instance) ?? [];
      const engineInstance = key.instance > 0 ? key.instance : 1 + Math.max(0, ...existing);
      if (alive)
        setData({ state, view, casebook: { subjectId: key.subjectId, forms: records }, draft, engineInstance });
    })().catch((e) => alive && setError(messageOf(e)));
    return () => {
      alive = false;
    };
  }, [key.subjectId, key.event, key.form, key.instance, role, tick]);

  const setState = useCallback((s: FormState) => setData((d) => (d ? { ...d, state: s } : d)), []);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, setState, reload };
}
