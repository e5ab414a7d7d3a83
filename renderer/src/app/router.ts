/** A small hash router: the whole app is a handful of screens, no dependency needed. */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'subjects' }
  | { name: 'casebook'; subjectId: string }
  /** `field`: open on that field (a link from a query) with its query thread. */
  | { name: 'form'; subjectId: string; event: string; form: string; instance: number; field?: string }
  | { name: 'queries' }
  | { name: 'worklist' }
  | { name: 'reports' }
  | { name: 'audit' }
  | { name: 'export' }
  | { name: 'datacut' }
  | { name: 'admin' }
  | { name: 'account' };

const SIMPLE = ['queries', 'worklist', 'reports', 'audit', 'export', 'datacut', 'admin', 'account'] as const;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'casebook' && parts[1]) return { name: 'casebook', subjectId: parts[1] };
  if (parts[0] === 'form' && parts[1] && parts[2] && parts[3]) {
    const inst = parts[4] === 'new' ? 0 : Number(parts[4] ?? 1);
    const r: Route = {
      name: 'form',
      subjectId: parts[1],
      event: parts[2],
      form: parts[3],
      instance: Number.isInteger(inst) && inst >= 0 ? inst : 1,
    };
    if (parts[5]) r.field = parts[5];
    return r;
  }
  const simple = SIMPLE.find((s) => s === parts[0]);
  if (simple) return { name: simple };
  return { name: 'subjects' };
}

export function routeHash(r: Route): string {
  const e = encodeURIComponent;
  switch (r.name) {
    case 'subjects':
      return '#/subjects';
    case 'casebook':
      return `#/casebook/${e(r.subjectId)}`;
    case 'form':
      return `#/form/${e(r.subjectId)}/${e(r.event)}/${e(r.form)}/${r.instance === 0 ? 'new' : r.instance}${r.field ? `/${e(r.field)}` : ''}`;
    default:
      return `#/${r.name}`;
  }
}

export function navigate(r: Route, replace = false): void {
  const h = routeHash(r);
  if (replace) history.replaceState(null, '', h);
  else if (location.hash !== h) location.hash = h;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
