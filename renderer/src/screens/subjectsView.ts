/**
 * What the subjects list remembers while the app is open (search, filters, page), so that Back
 * from a casebook returns to the same place. Kept in memory only: the search may be a name or an
 * MRN, which must not be written to the browser's storage; logging out reloads and forgets it.
 */
export interface SubjectsView {
  search: string;
  stratum: string;
  overdueOnly: boolean;
  queriesOnly: boolean;
  page: number;
}

let kept: SubjectsView = { search: '', stratum: '', overdueOnly: false, queriesOnly: false, page: 0 };

export const keptSubjectsView = (): SubjectsView => kept;
export function keepSubjectsView(patch: Partial<SubjectsView>): void {
  kept = { ...kept, ...patch };
}
