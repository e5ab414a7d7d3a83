/**
 * The meaning an investigator's signature records (21 CFR 11.50), shown before signing. main
 * records its own copy (main/services/workflow.ts SIGNATURE_MEANING) and the casebook shows
 * what main recorded; this one is only the preview. TODO: import it from shared/ once main exports it there.
 */
export const SIGNATURE_MEANING = 'I attest that the data in this casebook are accurate';

/** A signature's time as recorded: UTC, to the second. */
export function utcTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
