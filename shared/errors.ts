/**
 * Errors that cross a boundary (IPC, HTTP, CLI) as data: a code, the field and rule they are
 * about, and a message a person can read. Custom error classes do not survive Electron's IPC.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'AUTH',
  'LOCKED_OUT',
  'LOCKED',
  'REASON_REQUIRED',
  'NOT_A_DATABASE',
  'DAMAGED',
  'UNSUPPORTED',
  'SESSION',
  /** Another SiteCRF program holds the write lock past the busy timeout: try again. */
  'BUSY',
  'DISK_FULL',
  'READ_ONLY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IssueData {
  form?: string;
  event?: string;
  instance?: number;
  field?: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface CrfErrorData {
  code: ErrorCode;
  message: string;
  field?: string;
  rule?: string;
  issues?: IssueData[];
  retryAfterSeconds?: number;
}

export class CrfError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly rule?: string;
  readonly issues?: IssueData[];
  readonly retryAfterSeconds?: number;
  constructor(data: CrfErrorData) {
    super(data.message);
    this.name = 'CrfError';
    this.code = data.code;
    this.field = data.field;
    this.rule = data.rule;
    this.issues = data.issues;
    this.retryAfterSeconds = data.retryAfterSeconds;
  }
  toData(): CrfErrorData {
    const d: CrfErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) d.field = this.field;
    if (this.rule !== undefined) d.rule = this.rule;
    if (this.issues !== undefined) d.issues = this.issues;
    if (this.retryAfterSeconds !== undefined) d.retryAfterSeconds = this.retryAfterSeconds;
    return d;
  }
}

export function isCrfError(e: unknown): e is CrfError {
  return e instanceof CrfError;
}
