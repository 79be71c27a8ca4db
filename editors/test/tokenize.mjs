// Tokenises every valid mapping file of the repository with the TextMate grammar in
// editors/textmate, using the engine VS Code uses (vscode-textmate + vscode-oniguruma), and
// checks the scopes against a small independent lexer plus spot checks. Exits 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const oniguruma = require('vscode-oniguruma');
const vsctm = require('vscode-textmate');

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const grammarPath = path.join(root, 'editors/textmate/dmap.tmLanguage.json');

let failures = 0;
function fail(where, message) {
  failures += 1;
  console.error(`FAIL ${where}: ${message}`);
}

// ------------------------------------------------------------------ the grammar

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.dmap'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar('source.dmap');
  if (!grammar) throw new Error(`could not load ${grammarPath}`);
  return grammar;
}

/** For every line, the scopes of every character (the root scope left out). */
function tokenize(grammar, text) {
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const scopes = new Array(line.length).fill(null);
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) {
        scopes[i] = token.scopes.slice(1);
      }
    }
    return scopes;
  });
}

// ------------------------------------------------------------------ an independent lexer

const EXPRESSION_KEYWORDS = new Set(['and', 'or', 'not', 'if', 'then', 'else', 'match', 'for', 'in']);
const CONSTANTS = new Set(['true', 'false', 'null']);
const ITEM_WORDS = new Set(['source', 'target', 'table', 'let', 'skip', 'reject', 'once', 'when', 'from', 'key', 'value']);
const WORD = /[\p{L}_][\p{L}\p{N}\p{M}_]*/uy;
const NUMBER = /\d+(?:\.\d+)?/y;

/**
 * Splits a mapping file into comments, strings, regexes, backtick names, words, numbers and
 * punctuation, as the pest grammar does: `/` is a regex where an operand cannot end.
 * Tokens carry `line`, `start`, `end` (columns) and `depth` (open brackets before them).
 */
function lex(text) {
  const tokens = [];
  text.split('\n').forEach((line, lineNo) => lexLine(line, lineNo, tokens));
  let depth = 0;
  for (const token of tokens) {
    if (token.interpolated) continue;
    token.depth = depth;
    if ('([{'.includes(token.text)) depth += 1;
    if (')]}'.includes(token.text)) depth -= 1;
  }
  return tokens;
}

function lexLine(line, lineNo, tokens, from = 0, interpolated = false) {
  let i = from;
  const push = (kind, start, end, extra = {}) => {
    const token = { kind, line: lineNo, start, end, text: line.slice(start, end), interpolated, ...extra };
    tokens.push(token);
    return token;
  };
  let braces = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') { i += 1; continue; }
    if (interpolated && c === '}' && braces === 0) return i;
    if (c === '#') { push('comment', i, line.length); return line.length; }
    if (c === '"') { i = lexString(line, lineNo, tokens, i, interpolated); continue; }
    if (c === '`') {
      const close = line.indexOf('`', i + 1);
      const end = close < 0 ? line.length : close + 1;
      push('backtick', i, end);
      i = end;
      continue;
    }
    if (c === '/' && !operandBefore(tokens, lineNo)) {
      let j = i + 1;
      while (j < line.length && line[j] !== '/') j += line[j] === '\\' ? 2 : 1;
      j += 1;
      WORD.lastIndex = j;
      const flags = WORD.exec(line);
      push('regex', i, flags ? WORD.lastIndex : j);
      i = flags ? WORD.lastIndex : j;
      continue;
    }
    WORD.lastIndex = i;
    if (WORD.exec(line)) { push('word', i, WORD.lastIndex); i = WORD.lastIndex; continue; }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(line)) { push('number', i, NUMBER.lastIndex); i = NUMBER.lastIndex; continue; }
    const two = line.slice(i, i + 2);
    const width = ['??', '==', '!=', '<=', '>=', '=>'].includes(two) ? 2 : 1;
    if (c === '{') braces += 1;
    if (c === '}') braces -= 1;
    push('punct', i, i + width);
    i += width;
  }
  return i;
}

/** A string literal; the expressions of its `{...}` are lexed as tokens of their own. */
function lexString(line, lineNo, tokens, start, interpolated) {
  const string = { kind: 'string', line: lineNo, start, end: line.length, text: '', interpolated, holes: [] };
  tokens.push(string);
  let i = start + 1;
  while (i < line.length) {
    if (line[i] === '\\') { i += 2; continue; }
    if (line[i] === '"') { i += 1; break; }
    if (line[i] === '{') {
      const end = lexLine(line, lineNo, tokens, i + 1, true);
      string.holes.push([i + 1, end]);
      i = end + 1;
      continue;
    }
    i += 1;
  }
  string.end = Math.min(i, line.length);
  string.text = line.slice(start, string.end);
  return string.end;
}

function operandBefore(tokens, lineNo) {
  const last = tokens[tokens.length - 1];
  if (!last || last.line !== lineNo || last.kind === 'comment') return false;
  if (last.kind === 'word') return !EXPRESSION_KEYWORDS.has(last.text);
  if (last.kind === 'punct') return [')', ']', '}'].includes(last.text);
  return true;
}

/** The item words that the pest grammar reads as keywords, by token index. */
function itemKeywords(tokens) {
  const expected = new Set();
  tokens.forEach((token, index) => {
    if (token.kind !== 'word' || token.depth !== 0 || token.interpolated) return;
    const previous = tokens[index - 1];
    if (previous && previous.line === token.line) return;
    const next = tokens[index + 1] ?? {};
    const continues = next.line === token.line && ['=', '.', ':', '[', '+', '-', '*', '/', '??', '==', '!=', '|'].includes(next.text);
    if (!ITEM_WORDS.has(token.text) || continues) return;
    expected.add(index);
    if (token.text === 'skip') expected.add(index + 1);
    if (token.text === 'reject') expected.add(index + 2);
    if (token.text === 'table' && tokens[index + 2]?.text === 'from') {
      [2, 4, 6].forEach((offset) => expected.add(index + offset));
    }
  });
  return expected;
}

// ------------------------------------------------------------------ checks

function hasScope(scopes, prefix) {
  return (scopes ?? []).some((scope) => scope === prefix || scope.startsWith(`${prefix}.`));
}

function checkRange(where, lineScopes, start, end, want, reason) {
  for (let i = start; i < end; i++) {
    if (!hasScope(lineScopes[i], want)) {
      fail(where, `${reason}: column ${i + 1} has [${(lineScopes[i] ?? []).join(' ')}], wanted ${want}`);
      return;
    }
  }
}

function checkFile(grammar, file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const scopes = tokenize(grammar, text);
  const relative = path.relative(root, file);
  scopes.forEach((lineScopes, n) => {
    const bad = lineScopes.findIndex((s) => (s ?? []).some((scope) => scope.startsWith('invalid')));
    if (bad >= 0) fail(`${relative}:${n + 1}`, `invalid scope at column ${bad + 1}: ${lines[n]}`);
  });
  const tokens = lex(text);
  const keywords = itemKeywords(tokens);
  tokens.forEach((token, index) => {
    const where = `${relative}:${token.line + 1}:${token.start + 1}`;
    const lineScopes = scopes[token.line];
    const scopesOf = lineScopes[token.start] ?? [];
    if (token.kind === 'comment') {
      checkRange(where, lineScopes, token.start, token.end, 'comment.line.number-sign.dmap', 'comment');
    } else if (token.kind === 'string') {
      checkRange(where, lineScopes, token.start, token.end, 'string.quoted.double.dmap', `string ${token.text}`);
      for (const [start, end] of token.holes) {
        checkRange(where, lineScopes, start, end, 'meta.interpolation.dmap', `interpolation in ${token.text}`);
      }
    } else if (token.kind === 'regex') {
      checkRange(where, lineScopes, token.start, token.end, 'string.regexp.dmap', `regex ${token.text}`);
    } else if (token.kind === 'number') {
      checkRange(where, lineScopes, token.start, token.end, 'constant.numeric', `number ${token.text}`);
    } else if (token.kind === 'word') {
      if (EXPRESSION_KEYWORDS.has(token.text)) {
        checkRange(where, lineScopes, token.start, token.end, 'keyword', `keyword ${token.text}`);
      } else if (CONSTANTS.has(token.text)) {
        checkRange(where, lineScopes, token.start, token.end, `constant.language`, `constant ${token.text}`);
      } else if (keywords.has(index)) {
        checkRange(where, lineScopes, token.start, token.end, `keyword.other.${token.text}.dmap`, `item keyword ${token.text}`);
      } else if (ITEM_WORDS.has(token.text) && hasScope(scopesOf, 'keyword')) {
        fail(where, `\`${token.text}\` is a name here, but is scoped [${scopesOf.join(' ')}]`);
      }
    }
  });
  return { lines, scopes };
}

/** Asserts the scope of the `occurrence`-th `needle` on the first line containing `line`. */
function spot(files, file, line, needle, want, { occurrence = 0, not = false } = {}) {
  const where = `${file}: ${needle} in "${line}"`;
  const { lines, scopes } = files.get(file) ?? {};
  if (!lines) return fail(where, 'file not tokenised');
  const n = lines.findIndex((l) => l.includes(line));
  if (n < 0) return fail(where, 'line not found');
  let start = -1;
  for (let k = 0; k <= occurrence; k++) start = lines[n].indexOf(needle, start + 1);
  if (start < 0) return fail(where, 'text not found on the line');
  for (let i = start; i < start + needle.length; i++) {
    if (hasScope(scopes[n][i], want) === not) {
      return fail(where, `column ${i + 1} has [${(scopes[n][i] ?? []).join(' ')}], wanted ${not ? 'no ' : ''}${want}`);
    }
  }
}

function checkVscodeExtension() {
  const extension = path.join(root, 'editors/vscode');
  const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8'));
  const language = manifest.contributes?.languages?.find((l) => l.id === 'dmap');
  if (!language?.extensions?.includes('.dmap')) fail('editors/vscode/package.json', 'no dmap language for .dmap');
  const grammar = manifest.contributes?.grammars?.find((g) => g.language === 'dmap');
  if (grammar?.scopeName !== 'source.dmap') fail('editors/vscode/package.json', 'no source.dmap grammar');
  const copy = fs.readFileSync(path.join(extension, grammar?.path ?? 'missing'), 'utf8');
  if (copy !== fs.readFileSync(grammarPath, 'utf8')) {
    fail('editors/vscode', `${grammar?.path} differs from editors/textmate/dmap.tmLanguage.json; copy it over`);
  }
  const config = JSON.parse(fs.readFileSync(path.join(extension, language?.configuration ?? 'missing'), 'utf8'));
  if (config.comments?.lineComment !== '#') fail('editors/vscode', 'line comments are not #');
}

function dmapFiles(dir) {
  return fs.readdirSync(path.join(root, dir), { recursive: true })
    .filter((name) => name.endsWith('.dmap'))
    .sort()
    .map((name) => path.join(root, dir, name));
}

const grammar = await loadGrammar();
const files = new Map();
const corpus = [path.join(here, 'cases.dmap'), ...dmapFiles('rules'), ...dmapFiles('tests/check'), ...dmapFiles('tests/fmt'), ...dmapFiles('tests/parse/valid')];
for (const file of corpus) files.set(path.relative(root, file), checkFile(grammar, file));

// Files with syntax errors are only tokenised for the spot checks below.
for (const file of dmapFiles('tests/parse/invalid')) {
  files.set(path.relative(root, file), { lines: fs.readFileSync(file, 'utf8').split('\n'), scopes: tokenize(grammar, fs.readFileSync(file, 'utf8')) });
}

const acme = 'rules/acme/acme.dmap';
spot(files, acme, 'replace(phone, /[', '/[\\s\\-()]+/', 'string.regexp.dmap');
spot(files, acme, 'once userName', 'once', 'keyword.other.once.dmap');
spot(files, acme, 'once userName', 'userName', 'entity.other.attribute-name.target.dmap');
spot(files, acme, '"{first_name | left(1)}', 'first_name', 'meta.interpolation.dmap');
spot(files, acme, '"{first_name | left(1)}', 'first_name', 'variable.other.readwrite.dmap');
spot(files, acme, '"{first_name | left(1)}', 'left', 'entity.name.function.dmap');
spot(files, acme, '"{first_name | left(1)}', '@acme.example', 'string.quoted.double.dmap');
spot(files, acme, '"{first_name | left(1)}', '@acme.example', 'meta.interpolation.dmap', { not: true });
spot(files, acme, 'emails[type eq "work"].value =', 'emails', 'entity.other.attribute-name.target.dmap');
spot(files, acme, 'emails[type eq "work"].value =', 'eq', 'keyword.operator.word.eq.dmap');
spot(files, acme, 'emails[type eq "work"].value =', 'value', 'entity.other.attribute-name.target.dmap');
spot(files, acme, 'emails[type eq "work"].value =', 'value', 'keyword', { not: true });
spot(files, acme, 'target plek', 'plek', 'support.constant.target.dmap');
spot(files, acme, 'table country_language', 'country_language', 'entity.name.type.table.dmap');
spot(files, acme, 'let family', 'family', 'entity.name.variable.dmap');
spot(files, acme, 'let family', 'join', 'entity.name.function.dmap');
spot(files, acme, 'preferredLanguage =', '??', 'keyword.operator.coalesce.dmap');
spot(files, acme, 'active            =', '!=', 'keyword.operator.comparison.dmap');
spot(files, acme, 'title             =', 'title', 'variable.other.property.dmap', { occurrence: 1 });
spot(files, 'rules/contoso-graph/contoso.dmap', '_    => "en-GB"', '_', 'variable.language.wildcard.dmap');
spot(files, 'rules/contoso-graph/contoso.dmap', '_    => "en-GB"', '=>', 'keyword.operator.arrow.dmap');
spot(files, 'rules/contoso-graph/contoso.dmap', '/^Finance/', '/^Finance/', 'string.regexp.dmap');
spot(files, 'rules/contoso-graph/contoso.dmap', '`@odata.type` != null', '`@odata.type`', 'variable.other.quoted.dmap');
spot(files, 'rules/contoso-graph/contoso.dmap', '"#EXT#"', '#EXT#', 'comment', { not: true });
spot(files, 'rules/bakkerij-csv/bakkerij.dmap', 'table taal from', 'from', 'keyword.other.from.dmap');
spot(files, 'rules/bakkerij-csv/bakkerij.dmap', 'table taal from', 'code', 'variable.other.column.dmap');
spot(files, 'rules/bakkerij-csv/bakkerij.dmap', 'table taal from', 'value', 'keyword.other.value.dmap');
spot(files, 'tests/fmt/expressions.dmap', 'let n =', '/', 'keyword.operator.arithmetic.dmap');
spot(files, 'tests/fmt/expressions.dmap', 'let n =', '/', 'string.regexp', { not: true });
spot(files, 'tests/fmt/expressions.dmap', 'let n =', '2.0', 'constant.numeric.float.dmap');
spot(files, 'tests/fmt/expressions.dmap', 'let xs =', 'for', 'keyword.control.loop.dmap');
spot(files, 'tests/fmt/expressions.dmap', 'let ys =', 'lower', 'entity.name.function.dmap');
spot(files, 'tests/fmt/regex.dmap', 'title =', 'i', 'storage.modifier.regexp-flags.dmap', { occurrence: 1 });
spot(files, 'tests/fmt/regex.dmap', 'title =', '/a\\/b\\/c/i', 'string.regexp.dmap');
spot(files, 'tests/fmt/match.dmap', '/^T/ =>', '/^T/', 'string.regexp.dmap');
spot(files, 'tests/fmt/names.dmap', 'let `full name`', '`full name`', 'entity.name.variable.dmap');
spot(files, 'tests/fmt/names.dmap', 'nickName = `match`', '`match`', 'keyword', { not: true });
spot(files, 'tests/fmt/inline_source.dmap', 'status:', '"active"', 'string.quoted.double.dmap');
spot(files, 'tests/fmt/inline_source.dmap', 'source { employee_id', 'int', 'support.type.primitive.dmap');
spot(files, 'tests/parse/valid/multiline.dmap', '  | lower', 'lower', 'entity.name.function.dmap');
spot(files, 'tests/parse/valid/multiline.dmap', '  /^x/ =>', '/^x/', 'string.regexp.dmap');
spot(files, 'tests/parse/valid/tables_and_words.dmap', 'key = {', 'value', 'entity.other.attribute-name.dmap');
spot(files, 'tests/parse/valid/tables_and_words.dmap', 'source_name =', 'source', 'keyword', { occurrence: 1, not: true });
const cases = 'editors/test/cases.dmap';
spot(files, cases, 'let ratio', '/', 'keyword.operator.arithmetic.dmap');
spot(files, cases, 'let ratio', '/', 'keyword.operator.arithmetic.dmap', { occurrence: 1 });
spot(files, cases, 'let halves', '/', 'keyword.operator.arithmetic.dmap');
spot(files, cases, 'let halves', '/', 'keyword.operator.arithmetic.dmap', { occurrence: 1 });
spot(files, cases, 'let words', '/ +/', 'string.regexp.dmap');
spot(files, cases, 'let words', 'first', 'entity.name.function.dmap');
spot(files, cases, 'let codes', '\\/', 'constant.character.escape.regexp.dmap');
spot(files, cases, 'let label', '"n/a"', 'meta.interpolation.dmap');
spot(files, cases, 'let label', '\\{', 'constant.character.escape.dmap');
spot(files, cases, 'let label', '# not a comment', 'comment', { not: true });
spot(files, cases, '`Odd Target`', '`sub name`', 'entity.other.attribute-name.target.dmap');
spot(files, cases, '"a" | /b/', '|', 'keyword.operator.alternation.dmap');
spot(files, cases, '"a" | /b/', '/b/', 'string.regexp.dmap');
// Mistakes are marked.
spot(files, 'tests/parse/invalid/bad_tokens.dmap', 'a = "C:', '\\d', 'invalid.illegal.unknown-escape.dmap', { occurrence: 1 });
spot(files, 'tests/parse/invalid/bad_tokens.dmap', 'b = /x/g', 'g', 'invalid.illegal.regexp-flag.dmap');
spot(files, 'tests/parse/invalid/unclosed_string.dmap', '"Jan', 'Jan', 'invalid.illegal.unclosed-string.dmap');
spot(files, 'tests/parse/invalid/stray_token.dmap', 'title = job.title ;', ';', 'invalid.illegal.character.dmap');

checkVscodeExtension();

if (failures > 0) {
  console.error(`editor grammar: ${failures} check(s) failed`);
  process.exit(1);
}
console.log(`editor grammar: ${corpus.length} mapping files tokenised, all checks passed`);
