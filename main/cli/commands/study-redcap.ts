/** `sitecrf study import-redcap` and `study export-redcap`. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import { loadProtocol, ProtocolError } from '../../../shared/protocol/load';
import { RedcapFileError } from '../../study/redcap/csv';
import { exportRedcap } from '../../study/redcap/export';
import { importRedcap } from '../../study/redcap/import';
import { importRedcapProjectXml } from '../../study/redcap/project-xml';
import { PROJECT_XML_LIMITS } from '../../study/redcap/project-xml-read';
import { formatReport } from '../../study/redcap/report';
import { studyCommand } from './study-group';

const importOptions = z
  .object({
    dictionary: z.string().min(1).optional(),
    projectXml: z.string().min(1).optional(),
    events: z.string().optional(),
    mapping: z.string().optional(),
    repeating: z.string().optional(),
    out: z.string().min(1),
    id: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, '--id: a letter then letters, digits or _')
      .optional(),
    title: z.string().min(1).optional(),
    studyVersion: z.string().min(1).optional(),
    site: z
      .string()
      .regex(/^[A-Z]{2,6}$/, '--site: 2 to 6 capital letters')
      .optional(),
    siteName: z.string().min(1).optional(),
    indexDate: z.string().optional(),
    json: z.boolean().optional(),
  })
  .strict()
  .refine((o) => (o.dictionary === undefined) !== (o.projectXml === undefined), {
    message: '--dictionary or --project-xml: give exactly one',
  })
  .refine((o) => !o.projectXml || (!o.events && !o.mapping && !o.repeating), {
    message:
      '--project-xml holds the events, mapping and repeating instruments: do not give --events, --mapping or --repeating with it',
  });

function fail(message: string): never {
  throw new CrfError({ code: 'VALIDATION', rule: 'input', message });
}
function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    return fail(
      `${what} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

/** The size is checked before the file is read, so a huge file is refused without loading it. */
function readXml(path: string): Buffer {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // read() below names the problem.
  }
  if (size > PROJECT_XML_LIMITS.maxBytes)
    fail(`project XML ${path}: the file is ${size} bytes, above the limit of ${PROJECT_XML_LIMITS.maxBytes} bytes`);
  return read(path, 'project XML');
}

export function registerStudyRedcap(program: Command): void {
  const study = studyCommand(program);
  study
    .command('import-redcap')
    .description(
      'convert a REDCap data dictionary or project XML into a study file; prints what was converted, approximated and refused',
    )
    .option('--dictionary <csv>', "REDCap's data dictionary (CSV, 18 columns)")
    .option('--project-xml <xml>', "REDCap's project XML (CDISC ODM with its metadata), instead of the CSV files")
    .option('--events <csv>', "REDCap's events file (longitudinal projects)")
    .option('--mapping <csv>', "REDCap's instrument-event mapping file")
    .option('--repeating <csv>', "REDCap's repeating instruments and events file")
    .requiredOption('--out <json>', 'the study file to write')
    .option('--id <id>', 'the study id (default: from the output file name)')
    .option('--title <title>', 'the study title')
    .option('--study-version <v>', 'the study version (default 1)')
    .option('--site <code>', 'the site code (default SITE)')
    .option('--site-name <name>', 'the site name')
    .option('--index-date <field>', 'the date field that windows and day offsets count from (default: the first date)')
    .option('--json', 'print the report as JSON')
    .action((raw: unknown) => {
      const parsed = importOptions.safeParse(raw);
      if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('; '));
      const o = parsed.data;
      const id =
        o.id ??
        (basename(o.out)
          .replace(/\.[^.]*$/, '')
          .toUpperCase()
          .replace(/[^A-Z0-9_]/g, '_')
          .replace(/^(?![A-Z])/, 'S') ||
          'STUDY');
      try {
        const common = {
          id,
          title: o.title,
          version: o.studyVersion,
          site: o.site ? { code: o.site, name: o.siteName ?? o.site } : undefined,
          indexDate: o.indexDate,
        };
        const { study, report } = o.projectXml
          ? importRedcapProjectXml({ ...common, projectXml: readXml(o.projectXml) })
          : importRedcap({
              ...common,
              dictionary: read(o.dictionary!, 'dictionary'),
              events: o.events ? read(o.events, 'events file') : undefined,
              mapping: o.mapping ? read(o.mapping, 'mapping file') : undefined,
              repeating: o.repeating ? read(o.repeating, 'repeating file') : undefined,
            });
        writeFileSync(o.out, JSON.stringify(study, null, 2) + '\n');
        process.stdout.write(o.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, o.out));
      } catch (e) {
        if (e instanceof RedcapFileError) fail(e.message);
        throw e;
      }
    });

  study
    .command('export-redcap')
    .description(
      'write a study file as a REDCap data dictionary (and, if asked, its events, mapping and repeating files)',
    )
    .requiredOption('--study <json>', 'the study file')
    .requiredOption('--out <csv>', 'the data dictionary to write')
    .option('--events <csv>', 'also write the events file')
    .option('--mapping <csv>', 'also write the instrument-event mapping')
    .option('--repeating <csv>', 'also write the repeating instruments file')
    .action((o: { study: string; out: string; events?: string; mapping?: string; repeating?: string }) => {
      let def;
      try {
        def = loadProtocol(JSON.parse(read(o.study, 'study file').toString('utf8'))).def;
      } catch (e) {
        if (e instanceof SyntaxError) fail(`study file ${o.study}: not JSON (${e.message})`);
        if (e instanceof ProtocolError) fail(`study file ${o.study}: ${e.message}`);
        throw e;
      }
      const files = exportRedcap(def);
      writeFileSync(o.out, files.dictionary);
      if (o.events) writeFileSync(o.events, files.events);
      if (o.mapping) writeFileSync(o.mapping, files.mapping);
      if (o.repeating) writeFileSync(o.repeating, files.repeating);
      process.stdout.write(formatReport(files.report, o.out));
    });
}
