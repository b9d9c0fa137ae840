// The command table. Each module registers one command (or a small group) on the program and
// import()s its domain code only when it runs.
import type { Command } from "commander";
import approve from "./approve.ts";
import archive from "./archive.ts";
import assess from "./assess.ts";
import assign from "./assign.ts";
import change from "./change.ts";
import check from "./check.ts";
import ci from "./ci.ts";
import close from "./close.ts";
import complaint from "./complaint.ts";
import confirm from "./confirm.ts";
import delay from "./delay.ts";
import due from "./due.ts";
import exam from "./exam.ts";
import followup from "./followup.ts";
import hooks from "./hooks.ts";
import incident from "./incident.ts";
import init from "./init.ts";
import ledger from "./ledger.ts";
import letter from "./letter.ts";
import list from "./list.ts";
import log from "./log.ts";
import monthly from "./monthly.ts";
import open from "./open.ts";
import payroll from "./payroll.ts";
import people from "./people.ts";
import render from "./render.ts";
import returnCmd from "./return.ts";
import show from "./show.ts";
import sign from "./sign.ts";
import site from "./site.ts";
import solution from "./solution.ts";
import start from "./start.ts";
import sync from "./sync.ts";
import tier from "./tier.ts";
import weekly from "./weekly.ts";

export const COMMANDS: ((program: Command) => void)[] = [
  init,
  people,
  check,
  start,
  incident,
  exam,
  complaint,
  open,
  sign,
  assign,
  site,
  solution,
  approve,
  log,
  change,
  delay,
  close,
  returnCmd,
  confirm,
  followup,
  archive,
  letter,
  list,
  show,
  due,
  ledger,
  weekly,
  monthly,
  render,
  sync,
  assess,
  payroll,
  tier,
  ci,
  hooks,
];
