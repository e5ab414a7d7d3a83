/**
 * A study file: a JSON study definition, checked by the same zod schema as every definition,
 * reporting every error with its JSON path and rule (not only the first), and the JSON Schema an
 * editor uses to complete and check the file.
 */
import { z } from 'zod';
import { loadProtocol, ProtocolError, type Study } from './load';
import { protocolSchema } from './schema';

export interface StudyFileError {
  /** JSON path of the offending value, e.g. `$.forms[3].fields[7].showIf.field`. */
  path: string;
  /**
   * The rule broken: zod's issue code (`invalid_type`, `too_small`, …), a refinement's own rule
   * (`codesRequired`), or a reference check's (`unknownField`, `unknownForm`, … in load-checks.ts).
   */
  rule: string;
  message: string;
}

export type StudyFileCheck = { ok: true; study: Study } | { ok: false; errors: StudyFileError[] };

export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((k) =>
        typeof k === 'number'
          ? `[${k}]`
          : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(k))
            ? `.${String(k)}`
            : `[${JSON.stringify(String(k))}]`,
      )
      .join('')
  );
}

/** Every schema error, or (when the shape is right) every broken reference; else the loaded study. */
export function checkStudyDefinition(input: unknown): StudyFileCheck {
  const parsed = protocolSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), rule: ruleOf(i), message: i.message })),
    };
  try {
    return { ok: true, study: loadProtocol(input) };
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    return {
      ok: false,
      errors: e.located.map((p) => ({ path: jsonPath(p.path), rule: p.rule, message: p.message })),
    };
  }
}

/** A refinement names its rule in `params.rule`; zod's own issues are named by their code. */
function ruleOf(issue: z.core.$ZodIssue): string {
  const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined;
  return typeof rule === 'string' ? rule : issue.code;
}

/** Text of a study file (JSON) → the check; a file that is not JSON is one error at `$`. */
export function checkStudyText(text: string): StudyFileCheck {
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [{ path: '$', rule: 'json', message: `not JSON: ${(e as Error).message}` }] };
  }
  return checkStudyDefinition(input);
}

/** The JSON Schema of a study file, generated from the zod schema (what a file may contain). */
export function studyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(protocolSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'SiteCRF study definition',
  };
}
