// Lists words a patient would read that are written straight into the source instead of
// going through t() (src/i18n). Prints JSON: [{file, line, text}]. tests/i18n runs it.
// Usage: node scripts/untranslated.mjs [file ...] (default: every patient-facing file).
// Checked: JSX text, user-facing JSX attributes, and string or template literals that read
// like a sentence. Not checked: the physio dashboard (English only, staff-facing).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const SRC = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../src");
const PATIENT_FACING = ["App.tsx", "main.tsx", "api.ts", "gate.ts", "auth", "patient", "reminders", "conversation", "offline"];
// Attributes that are code; any other string attribute that reads like words is shown to someone
// (title, aria-label, placeholder, alt, a component's own legend or heading...).
const CODE_ATTRIBUTES = new Set(["class", "className", "id", "href", "name", "type", "role", "rel", "target", "autocomplete", "inputMode", "for", "key", "src", "lang", "d", "viewBox", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "aria-describedby", "aria-labelledby", "aria-current", "aria-live", "aria-hidden", "dateTime", "download", "method", "value", "pattern"]);
// Strings that are code, not words: HTTP, storage and element names.
const NOT_WORDS = /^(GET|POST|PATCH|DELETE|Accept|Accept-Language|Content-Type|X-CSRFToken|Token|Enter|Escape|Space|ArrowLeft|ArrowRight)$/;

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** A literal reads like words for people: it starts with a capital and a lower-case letter,
 * or it has a sentence's punctuation between words. */
function readsLikeWords(text) {
  const s = text.trim();
  if (!/[A-Za-z]{2}/.test(s) || NOT_WORDS.test(s)) return false;
  if (/^[.#\[:]|\bpx\b|sans-serif|^[a-z-]+\(/.test(s)) return false; // CSS: selectors, fonts, functions
  if (/^[a-z0-9_.:/-]+$/i.test(s) && !/^[A-Z][a-z]+$/.test(s)) return false; // keys, paths, names
  return /^[A-Z][a-z]/.test(s) || /[a-z][.?!:,] [A-Za-z]/.test(s) || /^[a-z]+ [a-z]+ [a-z]+/.test(s) && /[.?!]$/.test(s);
}

const found = [];
const chosen = process.argv.slice(2).map((f) => path.resolve(f));
const scanned = chosen.length ? chosen : PATIENT_FACING.flatMap((p) => {
  const full = path.join(SRC, p);
  return fs.statSync(full).isDirectory() ? files(full) : [full];
});
for (const file of scanned) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const report = (node, text) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ file: path.relative(path.dirname(SRC), file), line: line + 1, text: text.trim().replace(/\s+/g, " ") });
  };
  const visit = (node) => {
    if (ts.isJsxText(node)) {
      if (/[A-Za-z]{2}/.test(node.text)) report(node, node.text);
    } else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText(source);
      if (!CODE_ATTRIBUTES.has(name) && /[A-Za-z]{2}/.test(node.initializer.text) && /^[A-Z]|\s/.test(node.initializer.text.trim())) report(node, node.initializer.text);
      return; // other attributes (class, href, name...) are code
    } else if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      return;
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const parent = node.parent;
      if (ts.isElementAccessExpression(parent) || ts.isPropertyAssignment(parent) && parent.name === node) return;
      if (ts.isLiteralTypeNode(parent)) return; // a type, e.g. components["schemas"]["Gate"]
      // `"Notification" in window` asks about the browser, it says nothing to anyone.
      if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword) return;
      if (readsLikeWords(node.text)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      const joined = parts.join("{…}");
      if (parts.some((p) => /[A-Za-z]{3}/.test(p) && / [a-z]{2,}|[A-Za-z]{2,} /.test(p)) && readsLikeWords(joined.replace(/\{…\}/g, "1"))) report(node, joined);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
process.stdout.write(JSON.stringify(found, null, 1) + "\n");
