#!/usr/bin/env node
// `npm test` step: every query a rule makes is run. A rule's work is a generator (db/query.ts), and a
// generator that is called but never iterated does nothing: `recordEvent(ctx, …);` without `yield*`
// would silently skip its statements, and TypeScript says nothing when the result is unused or only
// tested for truth. This reads the program with TypeScript's own checker and reports every call
// that returns a Query (a Generator) and is dropped: a statement of its own, or a condition.
// Prints each finding as file:line and exits 1 when there is any.
// With --typecheck it also reports the program's type errors, as `tsc -p tsconfig.json` would: npm
// test then builds this program once rather than twice (twenty seconds of a two-core CI's minute).
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();

const isGenerator = (type) => {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return symbol?.getName() === 'Generator';
};

/** Where a call's value is thrown away or read only as true or false. */
function dropped(node) {
  const parent = node.parent;
  if (ts.isExpressionStatement(parent)) return 'its result is unused';
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isConditionalExpression(parent)) && parent.expression === node) return 'it is only tested for truth';
  if (ts.isConditionalExpression(parent) && parent.condition === node) return 'it is only tested for truth';
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return 'it is only tested for truth';
  if (ts.isBinaryExpression(parent) && parent.left === node && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) {
    return 'it is only tested for truth';
  }
  if (ts.isVoidExpression(parent)) return 'its result is unused';
  return null;
}

const typeErrors = process.argv.includes('--typecheck') ? ts.getPreEmitDiagnostics(program) : [];
if (typeErrors.length > 0) {
  const host = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => ts.sys.newLine };
  console.error(process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext(typeErrors, host) : ts.formatDiagnostics(typeErrors, host));
  console.error(`${typeErrors.length} type error(s)`);
}

const findings = [];
for (const file of program.getSourceFiles()) {
  if (file.isDeclarationFile || file.fileName.includes('node_modules')) continue;
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const why = dropped(node);
      if (why && isGenerator(checker.getTypeAtLocation(node))) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart());
        findings.push(`${path.relative(root, file.fileName)}:${line + 1}: ${node.expression.getText(file)}(…) makes a query that never runs (${why}); write yield* before it`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

for (const finding of findings) console.error(finding);
if (typeErrors.length > 0 || findings.length > 0) process.exit(1);
console.log(process.argv.includes('--typecheck') ? 'No type errors, and every query made is run.' : 'Every query made is run.');
