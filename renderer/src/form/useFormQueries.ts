/** The queries of one form instance: per field (the badges), on the whole form (the header), and the open thread. */
import { useCallback, useMemo, useState } from 'react';
import type { FormDef } from '../../../shared/protocol/schema';
import { may, type Role } from '../../../shared/roles';
import { isOpen, type QueryTarget } from '../queries/model';
import { useQueries } from '../queries/useQueries';

export function useFormQueries(
  key: { subjectId: string; event: string; form: string; instance: number },
  form: FormDef,
  role: Role,
) {
  const { queries: formQueries, reload } = useQueries(key.subjectId, key.form);
  const [thread, setThread] = useState<QueryTarget | null>(null);
  const mine = useMemo(
    () => formQueries.filter((q) => q.event === key.event && (q.instance ?? 1) === key.instance),
    [formQueries, key.event, key.instance],
  );
  const fieldQueries = useMemo(() => {
    const out: Record<string, { open: number; total: number }> = {};
    for (const f of form.fields) {
      const list = mine.filter((q) => q.field === f.id);
      out[f.id] = { open: list.filter(isOpen).length, total: list.length };
    }
    return out;
  }, [mine, form]);
  const openThread = useCallback(
    (field: string | undefined) => setThread({ event: key.event, form: key.form, instance: key.instance, field }),
    [key.event, key.form, key.instance],
  );
  return {
    /** every query of the form (all instances), for the thread dialog */
    formQueries,
    reload,
    fieldQueries,
    openCount: mine.filter(isOpen).length,
    /** queries on the whole form, not on one field */
    formLevel: mine.filter((q) => !q.field),
    canQuery: key.instance > 0 && (may(role, 'query.open') || mine.length > 0),
    thread,
    openThread,
    closeThread: () => setThread(null),
  };
}
