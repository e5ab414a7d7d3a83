/** jStat ships no types; the export and the sponsor report use only the Student t distribution. */
declare module 'jstat' {
  const jStat: { studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number } };
  export default jStat;
}
