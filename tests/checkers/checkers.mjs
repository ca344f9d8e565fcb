// The Node-based checkers, one process per test run: the C# harness (tests/ReadinessPipeline.Tests/Checkers) writes one
// JSON request per line on stdin and reads one JSON answer per line on stdout, in order.
//   {"tool":"html-validate","profile":"page"|"email","name":"...","html":"..."} -> {"findings":["line:col rule message", ...]}
//   {"tool":"doiuse-email","html":"..."}                                         -> {"findings":[...], "notes":[...]}
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { HtmlValidate, StaticConfigLoader } from "html-validate";
import { doIUseEmail } from "doiuse-email";

const here = dirname(fileURLToPath(import.meta.url));
const config = async (file) => (await import(pathToFileURL(file).href)).default;
const validators = {
  page: new HtmlValidate(new StaticConfigLoader(await config(join(here, "..", "..", ".htmlvalidate.mjs")))),
  email: new HtmlValidate(new StaticConfigLoader(await config(join(here, "htmlvalidate-email.mjs")))),
};

// Gmail (every app), Outlook on Windows and on the web, Apple Mail on the Mac and on iOS, Yahoo (every app).
const emailClients = ["gmail.*", "outlook.windows", "outlook.outlook-com", "apple-mail.macos", "apple-mail.ios", "yahoo.*"];

async function answer(request) {
  switch (request.tool) {
    case "html-validate": {
      const report = await validators[request.profile].validateString(request.html, request.name ?? "inline.html");
      return { findings: report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)) };
    }
    case "doiuse-email": {
      const result = doIUseEmail(request.html, { emailClients });
      return { findings: result.errors ?? [], notes: result.notes ?? [] };
    }
    default:
      return { error: `unknown tool ${request.tool}` };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let reply;
  try {
    reply = await answer(JSON.parse(line));
  } catch (e) {
    reply = { error: String(e?.stack ?? e) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
