import { cloneElement, toChildArray, type ComponentChildren, type VNode } from 'preact';
import { t } from './i18n.ts';

/**
 * A labelled control with its hint and error. The control (the child with the field's id) is tied
 * to both here, so that no page can leave a screen reader without them.
 */
export function Field(props: { id: string; label: string; hint?: string; error?: string; children: ComponentChildren }) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const children = toChildArray(props.children).map((child) =>
    typeof child === 'object' && (child.props as { id?: unknown }).id === props.id
      ? cloneElement(child as VNode<Record<string, unknown>>, { 'aria-describedby': describedBy, 'aria-invalid': props.error ? 'true' : undefined })
      : child,
  );
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {children}
      {props.error && (
        <p class="error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Each check of a decision, passed or not, with its sentence (the mark is also said in words). */
export function CheckList(props: { checks: { code: string; passed: boolean; message: string }[] }) {
  return (
    <ul class="checks">
      {props.checks.map((check) => (
        <li key={check.code} class={check.passed ? 'passed' : 'failed'}>
          <span aria-hidden="true">{check.passed ? '✓' : '✗'}</span>
          <span class="visually-hidden">{check.passed ? t('通过', 'passed') : t('未通过', 'failed')}</span> {check.message}
        </li>
      ))}
    </ul>
  );
}

export function Loading() {
  return <p class="muted" aria-live="polite">{t('加载中…', 'Loading…')}</p>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

export function ErrorBox(props: { message: string | undefined }) {
  if (!props.message) return null;
  return (
    <div class="error-box" role="alert">
      {props.message}
    </div>
  );
}

/** A wide table's own labelled box, which scrolls sideways on a narrow screen so that the page itself never does. */
export function ScrollBox(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}

/** A table in a ScrollBox, with its column headings. */
export function DataTable(props: { label: string; columns: string[]; children: ComponentChildren }) {
  return (
    <ScrollBox label={props.label}>
      <table>
        <thead>
          <tr>
            {props.columns.map((column) => <th scope="col" key={column}>{column}</th>)}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </ScrollBox>
  );
}

/** A console's sections as tabs; the current one is marked for screen readers too. */
export function Tabs(props: { label: string; links: { key: string; href: string; text: string }[]; current: string }) {
  return (
    <nav class="tabs" aria-label={props.label}>
      <ul>
        {props.links.map((link) => (
          <li key={link.key}>
            <a href={link.href} aria-current={props.current === link.key ? 'page' : undefined}>{link.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
