import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import { groupsText } from '../../demo/index';
import { generateNetwork, MAX_NETWORK_MONTHS } from '../../demo/network';
import { newSecret } from '../secrets';
import { plural } from '../../../shared/plural';

const optionsSchema = z.object({
  out: z.string().min(1, '--out: a folder'),
  months: z.coerce
    .number()
    .int('--months: a whole number')
    .min(1, '--months: at least 1')
    .max(MAX_NETWORK_MONTHS, `--months: at most ${MAX_NETWORK_MONTHS}`),
  seed: z.string().min(1, '--seed: not empty'),
  admin: z.string().min(1),
  study: z.string().min(1, '--study: a study file').optional(),
});

export function registerNetwork(program: Command): void {
  program
    .command('demo-network')
    .description(
      "create the published study's six site databases (SDI, WUH, MMC, MCW, INS, NCR) with its 243-patient cohort spread over them and over the months, and write each site's monthly workbooks",
    )
    .requiredOption('--out <dir>', 'an empty folder for the databases and workbooks')
    .option('--months <n>', 'how many monthly submissions per site (the months before today)', '3')
    .option('--seed <s>', 'the random seed', '1')
    .option('--admin <user>', "every site's administrator (password from SITECRF_PASSWORD or the terminal)", 'admin')
    .option('--study <file>', "another study's file, whose demo.network names its sites (default: the shipped study)")
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success)
        throw new CrfError({ code: 'VALIDATION', message: parsed.error.issues.map((i) => i.message).join('; ') });
      const o = parsed.data;
      const password = await newSecret('SITECRF_PASSWORD', `New password for ${o.admin} at every site: `);
      const r = await generateNetwork({
        outDir: o.out,
        studyText: o.study === undefined ? undefined : readFileSync(o.study, 'utf8'),
        months: o.months,
        seed: o.seed,
        admin: { username: o.admin, password },
        onProgress: (m) => process.stderr.write(`${m}\n`),
      });
      for (const s of r.sites)
        process.stdout.write(
          `${s.code}: ${plural(s.subjects, 'subject')} (${groupsText(s.byIndication)}), ${s.db}, ${plural(s.workbooks.length, 'workbook')}\n`,
        );
      process.stdout.write(
        `${plural(r.subjects, 'subject')} (${groupsText(r.byIndication)}) over ${plural(r.sites.length, 'site')}, periods ${r.periods.join(', ')}\n`,
      );
    });
}
