/**
 * The files of a key rotation, and its crash recovery. A rotation writes the rekeyed copy of the
 * database (`<db>.rotate-tmp`), then the next key file (`<keys>.next`), then renames the copy over
 * the database and the next key file over the current one. Whatever a kill interrupts, the next
 * unlock finds one consistent pair: before the database rename it rolls back (the copy and the
 * next key file are removed); after it, it rolls forward (the next key file becomes current).
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyFilePath } from './keyslots';

export const rotateTmpPath = (db: string): string => `${db}.rotate-tmp`;
export const nextKeyFilePath = (db: string): string => `${keyFilePath(db)}.next`;

function fsyncDir(path: string): void {
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows): the renames are still atomic.
  }
}

const rm = (p: string): void => {
  if (existsSync(p)) unlinkSync(p);
};

/** Puts the database and its key file in place after a rotation wrote both beside them. */
export function switchRotation(db: string): void {
  // The old database's WAL belongs to the old key: it must not be replayed into the new file.
  rm(`${db}-wal`);
  rm(`${db}-shm`);
  renameSync(rotateTmpPath(db), db);
  fsyncDir(db);
  renameSync(nextKeyFilePath(db), keyFilePath(db));
  fsyncDir(db);
}

/** Completes or undoes a rotation a crash interrupted (called before every unlock). */
export function finishRotation(db: string): 'none' | 'rolled-back' | 'rolled-forward' {
  const tmp = rotateTmpPath(db);
  const next = nextKeyFilePath(db);
  if (existsSync(tmp)) {
    rm(tmp);
    rm(`${tmp}-journal`);
    rm(next);
    return 'rolled-back';
  }
  if (existsSync(next)) {
    renameSync(next, keyFilePath(db));
    fsyncDir(db);
    return 'rolled-forward';
  }
  return 'none';
}
