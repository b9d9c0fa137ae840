#!/usr/bin/env node
// `svc --version` and `svc --help` are answered here, without loading the command table (start-up,
// issue 7): the help is the command table's own, printed at build time (dist/help.<lang>.txt). This
// file is CommonJS (bin/package.json), so these two do not start Node's ES module loader either.
const args = process.argv.slice(2);
// A closed stdout (`svc --help | true`) ends quietly; dist/cli.js does the same for every command.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
const run = () =>
  import("../dist/cli.js").catch((e) => {
    process.stderr.write(`svc: ${e?.message ?? e}\n`);
    process.exitCode = 2;
  });
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  const { readFileSync } = require("node:fs");
  const pkg = JSON.parse(readFileSync(require("node:path").join(__dirname, "..", "package.json"), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
} else if (
  args.length === 1 &&
  (args[0] === "--help" || args[0] === "-h") &&
  !(process.stdout.isTTY && process.stdout.columns < 80)
) {
  const { readFileSync } = require("node:fs");
  const env = process.env;
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || "").toLowerCase().startsWith("en") ? "en" : "zh";
  let help;
  try {
    help = readFileSync(require("node:path").join(__dirname, "..", "dist", `help.${lang}.txt`), "utf8");
  } catch {
    run();
  }
  if (help !== undefined) process.stdout.write(help);
} else {
  run();
}
