import type { Report } from './types';

/** The conversion report as a person reads it: counts first, then every line by kind. */
export function formatReport(r: Report, out: string): string {
  const lines = [
    `Wrote ${out}: ${r.converted.length} converted, ${r.approximated.length} approximated, ${r.refused.length} refused, ${r.confirmPhi.length} PHI classes to confirm.`,
  ];
  const section = (title: string, items: Report['refused']): void => {
    if (!items.length) return;
    lines.push('', `${title}:`);
    for (const i of items) lines.push(`  ${i.where}: ${i.what}`);
  };
  section('Refused', r.refused);
  section('Approximated', r.approximated);
  section('PHI class to confirm', r.confirmPhi);
  section('Converted', r.converted);
  return lines.join('\n') + '\n';
}
