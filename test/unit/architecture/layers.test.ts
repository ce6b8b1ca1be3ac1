import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of functions/ and what each may import, each room itself included (docs/architecture.md
 * draws them). A handler may call the store directly; an operation that other handlers or steps
 * also need is a use case.
 */
const mayImport: Record<string, readonly string[]> = {
  api: ['api', 'use-cases', 'store', 'domain', 'shared'],
  steps: ['steps', 'use-cases', 'store', 'domain', 'shared'],
  /** Handlers a schedule calls (the workflow sweep). */
  scheduled: ['scheduled', 'use-cases', 'store', 'domain', 'shared'],
  'use-cases': ['use-cases', 'store', 'domain', 'shared'],
  store: ['store', 'domain', 'shared'],
  domain: ['domain'],
  shared: ['shared'],
};

/** The web app takes the programs' schemas and the small tools, and only the types of stored items. */
const webMayImport = ['domain', 'shared'];
const webMayImportTypesOf = ['store'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Arrow {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import of a file (static, re-export and dynamic), resolved to a path from the root. */
function arrowsOf(file: string): Arrow[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const arrows: Arrow[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (specifier.startsWith('.')) arrows.push({ from: file, to: relative(root, resolve(root, dirname(file), specifier)), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (!clause.name && named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return arrows;
}

/** `functions/store/budgets.ts` → `store`; undefined outside functions/. */
function roomOf(path: string): string | undefined {
  const [top, room] = path.split('/');
  return top === 'functions' ? room : undefined;
}

/** The arrows that run against the layers, as `from → to` lines a reader can act on. */
function againstTheLayers(arrows: readonly Arrow[]): string[] {
  return arrows.flatMap(({ from, to, typeOnly }) => {
    const target = roomOf(to);
    if (from.startsWith('functions/')) {
      const room = roomOf(from) ?? '';
      const allowed = mayImport[room];
      if (!allowed) return [`${from}: functions/${room}/ is not a room of the layers`];
      if (to === 'package.json') return [];
      if (target === undefined) return [`${from} → ${to}: functions/ imports nothing outside functions/`];
      return allowed.includes(target) ? [] : [`${from} → ${to}: ${room} may import only ${allowed.join(', ')}`];
    }
    if (from.startsWith('web/src/') && target !== undefined) {
      if (webMayImport.includes(target) || (typeOnly && webMayImportTypesOf.includes(target))) return [];
      return [`${from} → ${to}: the web app imports from functions/ only ${webMayImport.join(', ')} (and types of ${webMayImportTypesOf.join(', ')})`];
    }
    return [];
  });
}

/** Each import cycle once, as the files around it. */
function cyclesIn(arrows: readonly Arrow[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of arrows) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const walk = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') cycles.push(path.slice(path.indexOf(to)));
      else if (!state.has(to)) walk(to);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...next.keys()].sort()) if (!state.has(file)) walk(file);
  return cycles;
}

const arrows = [...sourceFiles('functions'), ...sourceFiles('web/src')].flatMap(arrowsOf);

describe('the layers of functions/ and the web app', () => {
  it('finds the imports it checks, static, dynamic and type-only alike', () => {
    expect(arrows).toContainEqual({ from: 'functions/steps/reserve-budget.ts', to: 'functions/use-cases/reserve-budget-for-application.ts', typeOnly: false });
    expect(arrows).toContainEqual({ from: 'web/src/pages/finance/Batches.tsx', to: 'functions/store/payments.ts', typeOnly: true });
  });

  it('has no import that runs against the layers', () => {
    expect(againstTheLayers(arrows)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cyclesIn(arrows)).toEqual([]);
  });

  it('flags an arrow from the rules up into the store or to the clock, and a cycle', () => {
    const upward = { from: 'functions/domain/money.ts', to: 'functions/store/budgets.ts', typeOnly: false };
    const back = { from: 'functions/store/budgets.ts', to: 'functions/domain/money.ts', typeOnly: false };

    const clock = { from: 'functions/domain/money.ts', to: 'functions/shared/clock.ts', typeOnly: false };
    const language = { from: 'functions/domain/money.ts', to: 'functions/shared/i18n.ts', typeOnly: true };

    expect(againstTheLayers([upward, back, clock, language])).toEqual([
      'functions/domain/money.ts → functions/store/budgets.ts: domain may import only domain',
      'functions/domain/money.ts → functions/shared/clock.ts: domain may import only domain',
      'functions/domain/money.ts → functions/shared/i18n.ts: domain may import only domain',
    ]);
    expect(cyclesIn([upward, back])).toEqual([['functions/domain/money.ts', 'functions/store/budgets.ts']]);
  });
});
