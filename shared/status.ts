/** A form instance's status, in workflow order (protocol.md); `empty` is a form never saved. */
export const FORM_STATUSES = ['draft', 'complete', 'verified', 'signed', 'locked'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

/** What a save may ask for: the later statuses come from verifying, signing and locking. */
export const SAVE_STATUSES = ['draft', 'complete'] as const satisfies readonly FormStatus[];

/** The statuses of a form whose data is complete (counted as done in the Summary and Reports). */
export const DONE_STATUSES = ['complete', 'verified', 'signed', 'locked'] as const satisfies readonly FormStatus[];

/** A query's status: open → answered → closed, and re-opened (protocol.md). */
export const QUERY_STATUSES = ['open', 'answered', 'closed'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];
