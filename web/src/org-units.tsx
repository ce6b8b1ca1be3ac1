import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { Field } from './components.tsx';
import { lang, t } from './i18n.ts';

export interface OrgUnit {
  id: string;
  name: string;
  parent: string | null;
  level: number;
}

let cached: { lang: string; units: Promise<OrgUnit[]> } | undefined;

/** The org tree, fetched once per language and shared by every page. */
function loadOrgUnits(): Promise<OrgUnit[]> {
  if (!cached || cached.lang !== lang.value) {
    const units = api<{ items: OrgUnit[] }>('GET', '/org-units').then((reply) => reply.items);
    units.catch(() => (cached = undefined));
    cached = { lang: lang.value, units };
  }
  return cached.units;
}

export function useOrgUnits(): OrgUnit[] | undefined {
  const [units, setUnits] = useState<OrgUnit[]>();
  useEffect(() => {
    loadOrgUnits().then(setUnits).catch(() => undefined);
  }, []);
  return units;
}

/** An org unit by its name (… until the names arrive; an id is never shown). */
export function UnitName(props: { id: string }) {
  const units = useOrgUnits();
  if (!units) return <>…</>;
  return <>{units.find((unit) => unit.id === props.id)?.name ?? t('其他工会', 'another union')}</>;
}

/** A labelled choice of org unit, indented by the tree; `anyLabel` adds a first "any unit" option. */
export function OrgUnitSelect(props: { id: string; label: string; hint?: string; error?: string; value: string; onChange: (id: string) => void; anyLabel?: string }) {
  const units = useOrgUnits() ?? [];
  // Each unit right under its parent, indented by how deep it sits.
  const ordered: { unit: OrgUnit; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const unit of units.filter((candidate) => candidate.parent === parent)) {
      ordered.push({ unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.anyLabel !== undefined && <option value="">{props.anyLabel}</option>}
        {ordered.length === 0 && props.value && <option value={props.value}>…</option>}
        {ordered.map(({ unit, depth }) => (
          <option key={unit.id} value={unit.id}>
            {'\u3000'.repeat(depth)}
            {unit.name}
          </option>
        ))}
      </select>
      {ordered.length === 0 && <span class="visually-hidden">{t('组织列表加载中', 'Loading the org units')}</span>}
    </Field>
  );
}
