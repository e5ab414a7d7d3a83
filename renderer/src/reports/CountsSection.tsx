/** Category counts (for example hospitalization status) per stratum, labelled from the protocol's codes. */
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { Study } from '../../../shared/protocol/load';
import { Section, num } from './Section';
import type { Summary } from '../../../shared/ipc/views';

export function CountsSection({ s, study }: { s: Summary; study: Study }) {
  const fields = [...new Map(s.counts.map((c) => [`${c.form}.${c.field}`, { form: c.form, field: c.field }])).values()];
  return (
    <>
      {fields.map(({ form, field }) => {
        const def = study.hasForm(form) ? study.form(form).fields.find((f) => f.id === field) : undefined;
        const title = def?.label ?? field;
        const codes = [...new Set(s.counts.filter((c) => c.form === form && c.field === field).map((c) => c.code))];
        const n = (code: string, stratum: string) =>
          s.counts.find((c) => c.form === form && c.field === field && c.code === code && c.stratum === stratum)?.n ??
          0;
        return (
          <Section
            key={`${form}.${field}`}
            id={`count-${form}-${field}`}
            title={title}
            note="Subjects per answer, per stratum."
          >
            <Table size="small" aria-label={`${title} per stratum`}>
              <TableHead>
                <TableRow>
                  <TableCell>{title}</TableCell>
                  {s.strata.map((st) => (
                    <TableCell key={st.code} sx={num}>
                      {st.label}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {codes.map((code) => (
                  <TableRow key={code}>
                    <TableCell component="th" scope="row">
                      {def?.codes?.find((c) => c.code === code)?.label ?? code}
                    </TableCell>
                    {s.strata.map((st) => (
                      <TableCell key={st.code} sx={num}>
                        {n(code, st.code)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>
        );
      })}
    </>
  );
}
