/**
 * Passwords never come from the command line (they would sit in shell history and `ps`): from an
 * environment variable for scripted jobs, else asked on the terminal without echo.
 */
import { CrfError } from '../../shared/errors';

export async function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new CrfError({
      code: 'AUTH',
      message: `${prompt.replace(/:\s*$/, '')}: not given (set the environment variable or run in a terminal)`,
    });
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let s = '';
    const onData = (ch: string): void => {
      for (const c of ch) {
        if (c === '\r' || c === '\n') {
          done();
          return resolve(s);
        }
        if (c === '\u0003') {
          done();
          return reject(new CrfError({ code: 'AUTH', message: 'Cancelled' }));
        }
        if (c === '\u007f' || c === '\b') s = s.slice(0, -1);
        else s += c;
      }
    };
    const done = (): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export async function secretFrom(envName: string, prompt: string): Promise<string> {
  const v = process.env[envName];
  if (v !== undefined && v !== '') return v;
  return askHidden(prompt);
}

export async function newSecret(envName: string, prompt: string): Promise<string> {
  const v = process.env[envName];
  if (v !== undefined && v !== '') return v;
  const a = await askHidden(prompt);
  const b = await askHidden('Repeat it: ');
  if (a !== b)
    throw new CrfError({ code: 'VALIDATION', field: 'password', rule: 'repeat', message: 'The two passwords differ' });
  return a;
}
