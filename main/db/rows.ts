/** Rows of the site database's tables as SQLite returns them (snake_case, as in the migrations). */
import type { QueryStatus } from '../../shared/status';

/** `queries` (migration 0002): one per query; its messages are in `query_messages`. */
export interface QueriesTableRow {
  id: number;
  subject: number;
  event: string | null;
  form: string | null;
  instance: number | null;
  field: string | null;
  rule: string | null;
  status: QueryStatus;
  opened_by: string;
  opened_at: string;
  answered_at: string | null;
  closed_at: string | null;
  updated_at: string;
}
