/** jStat ships no types; the export uses only the Student t distribution. */
declare module 'jstat' {
  const jStat: { studentt: { cdf(x: number, dof: number): number } };
  export default jStat;
}
