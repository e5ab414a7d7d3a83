/**
 * The ODM files' validation against CDISC's official ODM 1.3.2 schema (tests/fixtures/odm, its
 * imports kept local so --nonet holds). xmllint comes from libxml2-utils, installed by .ci/run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ODM_XSD = join(__dirname, '../fixtures/odm/ODM1-3-2.xsd');

export function xmllint(file: string): { ok: boolean; out: string } {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', ODM_XSD, file], { encoding: 'utf8' });
  if (r.error) throw r.error; // xmllint missing: .ci/run installs libxml2-utils
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}
