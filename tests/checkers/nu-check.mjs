// Runs the Nu HTML Checker (vnu.jar from the vnu-jar package, on the machine's Java) once over every .html file in a
// folder: the pages the browser tests collected during a test run (./test.sh), or a test's own known-bad page.
// Prints each error and warning as "<file>:<line>:<column> <message>" and exits 1 when there is any; exits 2 when
// Java or the checker is missing.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const folder = process.argv[2];
if (!folder) {
  console.error("usage: node tests/checkers/nu-check.mjs <folder of .html files>");
  process.exit(2);
}

const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(".html")).sort().map((f) => join(folder, f)) : [];
if (files.length === 0) {
  console.log(`Nu HTML Checker: no pages collected in ${folder}`);
  process.exit(0);
}

const jar = String(createRequire(import.meta.url)("vnu-jar"));
if (!existsSync(jar)) {
  console.error(`The Nu HTML Checker is not installed (${jar}): run npm ci (./test.sh does).`);
  process.exit(2);
}

const run = spawnSync("java", ["-jar", jar, "--format", "json", "--stdout", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
if (run.error) {
  console.error(`The Nu HTML Checker needs Java 11 or later on the PATH (${run.error.code}). Install Debian's default-jre-headless (./test.sh does so as root).`);
  process.exit(2);
}

let messages;
try {
  messages = JSON.parse(run.stdout).messages;
} catch {
  console.error(`The Nu HTML Checker gave no report (exit ${run.status}):\n${run.stderr}`);
  process.exit(2);
}

// A page built from email markup (its file name ends in .email-markup.html) keeps the table attributes Outlook for
// Windows lays tables out by; the same deviation as tests/checkers/htmlvalidate-email.mjs.
const outlookAttributes = /^The “(width|cellpadding|cellspacing)” attribute on the “table” element is obsolete|^The “align” attribute on the “td” element is obsolete/;
const fileOf = (m) => decodeURIComponent((m.url ?? "").replace(/^file:/, "").split("/").pop());
const counts = (m) => m.type === "error" || m.type === "non-document-error" || (m.type === "info" && m.subType === "warning");
const accepted = (m) => fileOf(m).endsWith(".email-markup.html") && outlookAttributes.test(m.message);
const findings = messages.filter((m) => counts(m) && !accepted(m));
for (const m of findings) {
  const file = fileOf(m);
  console.log(`${file}:${m.lastLine ?? 0}:${m.firstColumn ?? m.lastColumn ?? 0} ${m.subType ?? m.type}: ${m.message}`);
}
console.log(`Nu HTML Checker: ${files.length} pages, ${findings.length} findings`);
process.exit(findings.length > 0 ? 1 : 0);
