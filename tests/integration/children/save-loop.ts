/**
 * A child process for the crash test: saves forms in a loop and reports each save only after
 * saveForm returned (the commit is on disk), so the parent knows what must survive a SIGKILL.
 */
import { writeSync } from 'node:fs';
import { unlockSiteDatabase } from '../../../main/services/site-db';
import { saveForm } from '../../../main/services/save-form';
import { registerSubject } from '../../../main/services/subjects';

const [path, password] = process.argv.slice(2) as [string, string];
const s = unlockSiteDatabase(path, { username: 'coordinator', password });
writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  const { subjectId } = registerSubject(s);
  const r = saveForm(s, {
    subjectId,
    event: 'screening',
    form: 'BASE',
    status: 'complete',
    values: { baseline_date: '2025-01-10', vas_pre: i % 11, analgesic: ['NONE'], ambulation: 'INDEP' },
  });
  writeSync(1, `saved ${subjectId} ${r.form.version} ${i % 11}\n`);
}
