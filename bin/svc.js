#!/usr/bin/env node
// `svc --version` and `svc --help` are answered here, without loading the command table (start-up,
// issue 7): the help is the command table's own, printed at build time (dist/help.<lang>.txt).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  const { readFileSync } = await import("node:fs");
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
} else if (
  args.length === 1 &&
  (args[0] === "--help" || args[0] === "-h") &&
  !(process.stdout.isTTY && process.stdout.columns < 80)
) {
  const { readFileSync } = await import("node:fs");
  const env = process.env;
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || "").toLowerCase().startsWith("en") ? "en" : "zh";
  let help;
  try {
    help = readFileSync(new URL(`../dist/help.${lang}.txt`, import.meta.url), "utf8");
  } catch {
    await import("../dist/cli.js");
  }
  if (help !== undefined) process.stdout.write(help);
} else {
  await import("../dist/cli.js");
}
