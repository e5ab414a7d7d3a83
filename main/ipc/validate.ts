/**
 * Input checks in front of every channel. Nothing the renderer sends is trusted: the raw value
 * is walked first (prototype-pollution keys, non-JSON values, absurd nesting), then parsed
 * with the channel's schema. Every refusal is a VALIDATION error naming the field and the rule.
 */
import type { z } from 'zod';
import { CrfError, type IssueData } from '../../shared/errors';

/** Keys that can reach Object.prototype through a naive merge or a zod record. */
const POISON = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;
const MAX_NODES = 100_000;

const pathText = (path: readonly PropertyKey[]): string => path.map(String).join('.');

function refuse(path: readonly PropertyKey[], rule: string, message: string): never {
  const field = pathText(path);
  throw new CrfError({
    code: 'VALIDATION',
    field: field || undefined,
    rule,
    message: field ? `${field}: ${message}` : message,
  });
}

/** Iterative (no recursion) so that deeply nested junk cannot overflow the stack. */
export function checkRawInput(raw: unknown): void {
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: raw, path: [] }];
  let nodes = 0;
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (++nodes > MAX_NODES) refuse([], 'size', 'The input has too many values');
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) refuse(path, 'number', 'Not a finite number');
      continue;
    }
    if (typeof v !== 'object') refuse(path, 'type', `A ${typeof v} is not accepted`);
    if (path.length >= MAX_DEPTH) refuse(path, 'depth', `Nested more than ${MAX_DEPTH} levels deep`);
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    // Structured clone (Electron IPC) can carry Dates, Maps, typed arrays: only plain JSON crosses.
    if (proto !== Object.prototype && proto !== null) refuse(path, 'type', 'Only plain JSON objects are accepted');
    for (const k of Reflect.ownKeys(v)) {
      if (typeof k !== 'string') refuse(path, 'key', 'Symbol keys are not accepted');
      if (POISON.has(k)) refuse([...path, k], 'forbiddenKey', `The key "${k}" is not allowed`);
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
}

/** The zod rule a person can act on: `values.birth_date` + `invalid_type`, with zod's message. */
export function zodToCrfError(error: z.ZodError): CrfError {
  const issues: IssueData[] = error.issues.slice(0, 20).map((i) => {
    const keys = i.code === 'unrecognized_keys' ? ((i as { keys?: string[] }).keys ?? []) : [];
    const path = keys.length === 1 ? [...i.path, keys[0]!] : i.path;
    const field = pathText(path);
    return {
      field: field || undefined,
      rule: i.code,
      severity: 'error',
      message: field ? `${field}: ${i.message}` : i.message,
    };
  });
  const first = issues[0] ?? { rule: 'invalid', message: 'Invalid input', severity: 'error' as const };
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new CrfError({
    code: 'VALIDATION',
    field: first.field,
    rule: first.rule,
    message: first.message + more,
    issues,
  });
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  checkRawInput(raw);
  const r = schema.safeParse(raw === undefined ? {} : raw);
  if (!r.success) throw zodToCrfError(r.error);
  return r.data;
}
