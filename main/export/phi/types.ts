export type PhiKind =
  | 'NAME'
  | 'DATE'
  | 'PHONE'
  | 'EMAIL'
  | 'SSN'
  | 'MRN'
  | 'ID'
  | 'URL'
  | 'IP'
  | 'ZIP'
  | 'ADDRESS'
  | 'LOCATION'
  | 'FACILITY'
  | 'AGE';

/** JS string indices (UTF-16), end exclusive. */
export interface PhiSpan {
  start: number;
  end: number;
  kind: PhiKind;
}

/** The subject's identifiers as entered on REG; matched with spacing/punctuation variants. */
export interface SubjectIdentifiers {
  names?: string[];
  mrn?: string[];
  phones?: string[];
  /** ISO YYYY-MM-DD */
  birthDates?: string[];
  zips?: string[];
  other?: string[];
}

export interface ScanResult {
  /** the input with each span replaced by `[REDACTED:KIND]` */
  text: string;
  spans: PhiSpan[];
  counts: Partial<Record<PhiKind, number>>;
}
