import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHost } from '../../main/host/server';
import { api } from '../support/host';
import { CHEAP_KDF, PASSWORD } from '../support/ipc';
import { SACRO_VALID } from '../fixtures/protocols/sacro-casebook';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sitecrf-flow-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the whole flow over real HTTP on a real encrypted database', () => {
  it('site.create → auth.login → subjects.register → forms.save → casebook.get', async () => {
    const dataDir = tmp();
    const host = await startHost({ dataDir, kdf: CHEAP_KDF, checkOutput: true });
    try {
      const call = async (channel: string, input: unknown) => {
        const r = await api(host.port, host.token, channel, input);
        expect(r.json, `${channel}: ${JSON.stringify(r.json).slice(0, 300)}`).toMatchObject({ ok: true });
        return r.json.value;
      };
      const created = await call('site.create', {
        name: 'mmc',
        siteCode: 'MMC',
        admin: { username: 'ada', fullName: 'Ada Admin', password: PASSWORD },
      });
      expect(created.recoveryCode).toMatch(/\w/);
      expect(readdirSync(dataDir)).toContain('mmc.sitecrf');
      // Encrypted at rest: no SQLite header, no plaintext.
      expect(readFileSync(join(dataDir, 'mmc.sitecrf')).subarray(0, 16).toString('latin1')).not.toBe(
        'SQLite format 3\0',
      );

      await call('auth.login', { database: 'mmc', username: 'ada', password: PASSWORD });
      await call('users.add', {
        username: 'cora',
        fullName: 'Cora Coordinator',
        role: 'coordinator',
        password: PASSWORD,
      });
      const session = await call('auth.login', { database: 'mmc', username: 'cora', password: PASSWORD });
      expect(session).toMatchObject({
        user: { username: 'cora', role: 'coordinator' },
        site: { code: 'MMC' },
        study: { id: 'SACRO' },
        locked: false,
      });

      const subject = await call('subjects.register', {});
      expect(subject.subjectId).toBe('MMC-0001');
      const saved = await call('forms.save', {
        subjectId: subject.subjectId,
        event: 'screening',
        form: 'REG',
        instance: 1,
        values: SACRO_VALID.REG.values,
        status: 'complete',
      });
      expect(saved.form).toMatchObject({ status: 'complete', version: 1 });

      const casebook = await call('casebook.get', { subjectId: subject.subjectId });
      const reg = casebook.events
        .flatMap((e: { forms: { form: string; status: string }[] }) => e.forms)
        .find((f: { form: string }) => f.form === 'REG');
      expect(reg.status).toBe('complete');
      expect(casebook.identity).toMatchObject({ mrn: SACRO_VALID.REG.values.mrn });

      const plain = readFileSync(join(dataDir, 'mmc.sitecrf'));
      expect(plain.includes(Buffer.from('MRN-0012345'))).toBe(false);
    } finally {
      await host.close();
    }
  });
});

function startChild(dataDir: string, port: number, token: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'start.js'), '--browser'], {
    env: { ...process.env, SITECRF_DATA_DIR: dataDir, SITECRF_PORT: String(port), SITECRF_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out} ${err}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/\S+:\d+\/\?token=\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`host exited ${code}: ${err}`))));
  });
}

const exited = (c: ChildProcess) =>
  new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

describe('bin/start.js --browser, as the end-to-end tests run it', () => {
  it('starts with the env token and port, survives SIGKILL, restarts on the same data', async () => {
    const dataDir = tmp();
    const token = randomBytes(32).toString('base64url');
    const probe = await startHost({ dataDir: tmp() });
    const port = probe.port;
    await probe.close();

    const first = await startChild(dataDir, port, token);
    expect(first.url).toMatch(new RegExp(`^http://sitecrf-[0-9a-f]{24}\\.localhost:${port}/\\?token=${token}$`));
    let r = await api(port, token, 'site.create', {
      name: 'site1',
      siteCode: 'SDI',
      admin: { username: 'ada', fullName: 'Ada', password: PASSWORD },
    });
    expect(r.json.ok).toBe(true);
    r = await api(port, token, 'auth.login', { database: 'site1', username: 'ada', password: PASSWORD });
    expect(r.json.ok).toBe(true);
    r = await api(port, token, 'users.setLockMinutes', { minutes: 7 });
    expect(r.json).toMatchObject({ ok: true, value: { lockMinutes: 7 } });
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startChild(dataDir, port, token);
    try {
      r = await api(port, token, 'app.status', {});
      expect(r.json).toMatchObject({ ok: true, value: { databases: ['site1'], session: null } });
      r = await api(port, token, 'auth.login', { database: 'site1', username: 'ada', password: PASSWORD });
      expect(r.json).toMatchObject({ ok: true, value: { user: { lockMinutes: 7 } } });
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
