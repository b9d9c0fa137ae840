// A seeded generator of a realistic synthetic department for the benchmark (issue 7):
// people over five regions, customers, products, and three years of records — service notices,
// responsibility letters with their whole history and customer ratings, engineers' weekly reports,
// department weekly and monthly reports, incidents with reflection and notice, training exams,
// complaints, GM decisions and signed monthly assessments — written as YAML files that are valid
// against the record schemas and the rules of `svc check`, committed month by month into a fresh
// git repository with `git fast-import` (no per-file process), then checked out.
//
//   node bench/generate.mjs DIR [--records 50000] [--people 200] [--months 36] [--seed 7]
//                               [--history months|actions]
//
// --history actions writes a realistic history instead: one commit per action of the workflow, by
// the person acting, at the time the action records (see versionsOf), so that `svc check --history`
// of the repository is clean.
// The same seed gives the same repository (ids, texts, times, commits) on every run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import chineseDays from "chinese-days";
import jsyaml from "js-yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export const REGIONS = ["华东", "华南", "华北", "西南", "西北"];
/** "Now" of the generated department: a Friday morning; this week's weekly reports are not in yet. */
export const DEFAULT_END = "2026-11-20T10:00:00+08:00";
/** Repository settings `svc init` applies to a new records repository (kept in step with src/store/init.ts). */
export const REPO_SETTINGS = [
  ["feature.manyFiles", "true"],
  ["core.splitIndex", "true"],
  ["fetch.writeCommitGraph", "true"],
];

const H = 3600_000;
const D = 24 * H;
const TZ_OFFSET = 8 * H; // Asia/Shanghai, no daylight saving

// ---------------------------------------------------------------- seeded randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  some(list, n) {
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
  /** A weighted pick: pairs of [value, weight]. */
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
}

// ---------------------------------------------------------------- time in the department's zone

const pad = (n, w = 2) => String(n).padStart(w, "0");
/** ISO time with the +08:00 offset, as svc writes it. */
function iso(ms) {
  const d = new Date(ms + TZ_OFFSET);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+08:00`;
}
function day(ms) {
  const d = new Date(ms + TZ_OFFSET);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
const compact = (ms) => day(ms).replaceAll("-", "");
const month = (ms) => day(ms).slice(0, 7);
/** Local midnight of the day holding ms. */
function midnight(ms) {
  return Math.floor((ms + TZ_OFFSET) / D) * D - TZ_OFFSET;
}
const weekday = (ms) => new Date(ms + TZ_OFFSET).getUTCDay();
/** The Saturday closing the week that holds ms (local midnight). */
function saturdayOf(ms) {
  const m = midnight(ms);
  return m + ((6 - weekday(m) + 7) % 7) * D;
}
/** A working-hours time on a weekday at or after ms. */
function workTime(rand, ms) {
  let m = midnight(ms);
  while (weekday(m) === 0 || weekday(m) === 6) m += D;
  return m + rand.int(9 * 60, 17 * 60 + 30) * 60_000;
}

/** The Nth working day after a local date YYYY-MM-DD (the calendar svc uses: chinese-days). */
function addWorkdays(date, n) {
  let d = Date.parse(`${date}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    d += D;
    if (chineseDays.isWorkday(new Date(d).toISOString().slice(0, 10))) left--;
  }
  return new Date(d).toISOString().slice(0, 10);
}
/** Local YYYY-MM-DD plus n calendar days. */
const plusDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * D).toISOString().slice(0, 10);

// ---------------------------------------------------------------- vocabulary

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const PINYIN = {
  王: "wang",
  李: "li",
  张: "zhang",
  刘: "liu",
  陈: "chen",
  杨: "yang",
  黄: "huang",
  赵: "zhao",
  吴: "wu",
  周: "zhou",
};
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国志宏文斌波宇浩凯健俊帆帅旭晨阳";
const CITIES = {
  华东: ["上海", "南京", "杭州", "苏州", "合肥", "济南", "宁波", "无锡"],
  华南: ["广州", "深圳", "东莞", "佛山", "南宁", "海口", "厦门", "福州"],
  华北: ["北京", "天津", "石家庄", "太原", "呼和浩特", "唐山", "保定"],
  西南: ["成都", "重庆", "昆明", "贵阳", "拉萨", "绵阳"],
  西北: ["西安", "兰州", "银川", "西宁", "乌鲁木齐", "宝鸡"],
};
const INDUSTRIES = ["机械", "电气", "化工", "水务", "食品", "制药", "纺织", "汽车零部件", "冶金", "热电"];
const SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "制造有限公司", "科技有限公司"];
const PRODUCT_LINES = [
  ["PLC", "可编程控制器"],
  ["HMI", "触摸屏"],
  ["VFD", "变频器"],
  ["SRV", "伺服驱动器"],
  ["SCADA", "监控软件"],
  ["DCS", "集散控制系统"],
];
const FAULTS = [
  "设备运行中无故停机，报警代码 E%d",
  "通讯中断，上位机无法读取数据",
  "电机启动时过流跳闸",
  "触摸屏画面卡死，需断电重启",
  "程序下载失败，提示校验错误",
  "模拟量输入跳变，读数不稳",
  "伺服定位偏差超差 %d 个脉冲",
];
const CONTENTS = {
  安装: "新设备安装接线并通电测试，完成后交付客户使用",
  调试: "产线联调，按工艺要求整定参数并试运行",
  培训: "为客户操作与维护人员进行现场培训，讲解日常维护要点",
  维护: "例行维护保养：清洁、紧固、检查备份程序与参数",
  维修: "故障排查并修复，恢复设备正常运行",
  回访: "对上次服务的设备运行情况进行回访检查",
  测试: "按验收大纲进行功能与性能测试，出具测试记录",
  技术咨询: "解答客户关于选型与升级方案的技术问题",
};
const LOG_TEXTS = [
  "到达现场，与联系人确认故障现象，查看报警记录",
  "检查接线与接地，发现端子松动，已重新紧固",
  "备份原程序与参数，升级固件后恢复参数",
  "更换损坏的通讯模块，通讯恢复正常",
  "按客户工艺要求调整 PID 参数，运行平稳",
  "连续试运行四小时无报警，客户操作人员确认",
  "对客户人员讲解日常点检与报警处理方法",
  "整理现场，回收旧件，填写服务记录",
];
const MARKET = [
  ["竞品", "客户另一条产线使用进口品牌，明年有替换计划"],
  ["需求", "客户计划扩建二期，预计需要控制器二十台左右"],
  ["反馈", "客户希望说明书提供中文版故障代码表"],
];
const TOOLS = ["U盘", "螺丝刀", "笔记本电脑"];
const EXTRA_TOOLS = ["万用表", "示波器", "网线测试仪", "剥线钳", "串口线", "电烙铁"];

// ---------------------------------------------------------------- the department

function makePeople(rand, count, start, end) {
  const people = [];
  const used = new Set();
  const slug = (name) => {
    const base = PINYIN[name[0]] ?? `p${SURNAMES.indexOf(name[0])}`;
    for (let i = 1; ; i++) {
      const id = `${base}${pad(i, 3)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const add = (roles, region, extra = {}) => {
    const name = rand.pick(SURNAMES) + rand.pick(GIVEN) + (rand.chance(0.6) ? rand.pick(GIVEN) : "");
    const id = slug(name);
    const p = {
      kind: "person",
      id,
      name,
      roles,
      ...(region ? { region } : {}),
      email: `${id}@svc-bench.example.com`,
      phone: `13${rand.int(0, 9)}${pad(rand.int(0, 99999999), 8)}`,
      ...extra,
    };
    people.push(p);
    return p;
  };
  const gm = add(["gm"], undefined, { hired: "2015-03-01", tier: "一等" });
  const supervisor = add(["supervisor"], "华东", { hired: "2017-06-12", tier: "一等" });
  const requesters = REGIONS.map((r) => add(["requester"], r, { hired: "2019-04-01" }));
  const salesAdmin = add(["sales-admin"], "华东", { hired: "2020-02-17" });
  add(["finance"], undefined, { hired: "2018-09-03" });
  const engineers = [];
  const n = Math.max(1, count - people.length);
  // (count - 9: the GM, the supervisor, five requesters, the sales admin and finance)
  for (let i = 0; i < n; i++) {
    const region = REGIONS[i % REGIONS.length];
    // Most engineers were there from the start; some joined during the three years.
    const hiredMs = rand.chance(0.8)
      ? start - rand.int(60, 3000) * D
      : start + rand.int(30, Math.max(31, Math.floor((end - start) / D / 2))) * D;
    const e = add(["engineer"], region, {
      hired: day(hiredMs),
      tier: rand.weighted([
        ["三等", 3],
        ["二等", 4],
        ["一等", 3],
      ]),
      experts: [],
    });
    e.hiredMs = hiredMs;
    engineers.push(e);
  }
  // Issue 15/16: customer service makes the 回访 calls (D18), R&D's lead answers the work orders (D22).
  // Added after the engineers, so the department keeps its count of engineers.
  const customerService = ["华东", "华南"].map((r) => add(["customer-service"], r, { hired: "2021-05-10" }));
  const rdLead = add(["rd"], undefined, { hired: "2019-08-19" });
  return { people, gm, supervisor, requesters, salesAdmin, engineers, customerService, rdLead };
}

function makeProducts() {
  const out = [];
  for (const [code, title] of PRODUCT_LINES)
    for (const model of [100, 200, 300, 500, 800])
      out.push({
        kind: "product",
        id: `${code}-${model}`,
        name: `${title} ${code}-${model}`,
        category: title,
      });
  return out;
}

function makeCustomers(rand, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const region = REGIONS[i % REGIONS.length];
    const city = rand.pick(CITIES[region]);
    out.push({
      kind: "customer",
      id: `c${pad(i + 1, 4)}`,
      name: `${city}${rand.pick(INDUSTRIES)}${rand.pick(GIVEN)}${rand.pick(GIVEN)}${rand.pick(SUFFIXES)}`,
      region,
      address: `${city}市经济技术开发区${rand.pick(GIVEN)}${rand.pick(["路", "大道", "街"])}${rand.int(1, 999)}号`,
      contacts: [
        { name: `${rand.pick(SURNAMES)}工`, phone: `1${rand.int(30, 89)}${pad(rand.int(0, 99999999), 8)}` },
      ],
    });
  }
  return out;
}

// ---------------------------------------------------------------- the generator

/**
 * Generate the records of a department (in memory): returns `{ files: Map<path, record>, batches,
 * people, … }` where `batches` groups the paths by the month they were created (one commit each).
 */
export function generateRecords(opts = {}) {
  const total = opts.records ?? 50_000;
  const months = opts.months ?? 36;
  const rand = new Rand(opts.seed ?? 7);
  const end = Date.parse(opts.end ?? DEFAULT_END);
  const startDay = new Date(end + TZ_OFFSET);
  startDay.setUTCMonth(startDay.getUTCMonth() - months);
  const start = midnight(startDay.getTime() - TZ_OFFSET);

  const ids = new Set();
  const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  const newId = (prefix, ms) => {
    for (;;) {
      let s = "";
      for (let i = 0; i < 5; i++) s += ALPHABET[rand.int(0, 31)];
      const id = `${prefix}-${compact(ms)}-${s}`;
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };

  const dept = makePeople(rand, opts.people ?? 200, start, end);
  const { gm, supervisor, requesters, salesAdmin, engineers, customerService, rdLead } = dept;
  const products = makeProducts();
  for (const e of engineers) e.experts = rand.some(products, rand.int(1, 2)).map((p) => p.id);
  const customers = makeCustomers(rand, Math.max(20, Math.round((opts.people ?? 200) * 3)));
  const byRegion = new Map(REGIONS.map((r) => [r, engineers.filter((e) => e.region === r)]));
  const customersByRegion = new Map(REGIONS.map((r) => [r, customers.filter((c) => c.region === r)]));

  /** [createdMs, path, record] — the file's final content, committed in the month it was created. */
  const out = [];
  const put = (ms, dir, rec, dated = true) => {
    const year = /^[A-Z]+-(\d{4})/.exec(rec.id)?.[1];
    out.push([ms, dated && year ? `${dir}/${year}/${rec.id}.yaml` : `${dir}/${rec.id}.yaml`, rec]);
  };
  const clean = (p) => {
    const { hiredMs, ...rest } = p;
    return rest;
  };
  for (const p of dept.people) put(start - 30 * D, "people", clean(p), false);
  for (const p of products) put(start - 30 * D, "products", p, false);
  for (const c of customers) put(start - 30 * D, "customers", { ...c, createdBy: salesAdmin.id }, false);

  const active = (e, ms) => e.hiredMs <= ms;
  const saturdays = [];
  for (let s = saturdayOf(start + D); s + 18 * H < end; s += 7 * D) saturdays.push(s);

  // Weekly reports (the bulk of a department's files): every engineer, every week since hiring.
  const lateWeekly = new Map(); // month -> Map(engineer -> count)
  const weeklyOf = new Map(); // `${eng}|${sat}` -> record (letters filled in later)
  for (const sat of saturdays) {
    for (const e of engineers) {
      if (!active(e, sat)) continue;
      const late = rand.chance(0.04);
      const submitted = late
        ? sat + rand.int(19 * 60, 40 * 60) * 60_000
        : sat + rand.int(9 * 60, 17 * 60 + 50) * 60_000;
      if (late) {
        const m = month(sat);
        if (!lateWeekly.has(m)) lateWeekly.set(m, new Map());
        lateWeekly.get(m).set(e.id, (lateWeekly.get(m).get(e.id) ?? 0) + 1);
      }
      const rec = {
        kind: "weekly",
        id: `W-${compact(sat)}-${e.id}`,
        engineer: e.id,
        week: day(sat),
        summary: `本周在${rand.pick(CITIES[e.region])}等地完成现场服务，处理${rand.pick(["通讯", "驱动", "程序", "接线", "参数"])}相关问题，客户反馈良好。整理了服务记录与备件清单。`,
        plan: `下周继续跟进${rand.pick(["在建项目", "客户回访", "备件更换", "产品培训"])}，按预约时间到场。`,
        ...(rand.chance(0.2) ? { problems: "个别现场备件到货较慢，已与库房协调。" } : {}),
        letters: [],
        submitted: iso(submitted),
        by: e.id,
      };
      weeklyOf.set(`${e.id}|${sat}`, rec);
      put(submitted, "weekly", rec);
    }
  }
  // The supervisor's department weekly report to the GM, every Sunday.
  for (const sat of saturdays) {
    const at = sat + D + rand.int(10 * 60, 17 * 60) * 60_000;
    if (at > end) continue;
    put(at, "department-weekly", {
      kind: "department-weekly",
      id: `DW-${compact(sat)}`,
      week: day(sat),
      summary: `本周全部门完成服务项目若干，各区域运行正常，重点项目按计划推进。`,
      plan: "下周重点：在建项目收尾、客户回访与产品培训。",
      submitted: iso(at),
      by: supervisor.id,
    });
  }

  // Months: the monthly report and the assessment of each month but the last complete one (the bench
  // computes that one with `svc monthly` / `svc assess`).
  const monthStarts = [];
  for (let m = new Date(start + TZ_OFFSET); ; ) {
    m.setUTCDate(1);
    m.setUTCHours(0, 0, 0, 0);
    m.setUTCMonth(m.getUTCMonth() + 1);
    const ms = m.getTime() - TZ_OFFSET;
    if (ms > end) break;
    monthStarts.push(ms);
  }

  // Training exams: about every other week, a group of engineers.
  const failedExam = new Map();
  for (let s = start + 10 * D; s < end - 7 * D; s += rand.int(10, 18) * D) {
    const at = workTime(rand, s);
    const group = rand.some(
      engineers.filter((e) => active(e, at)),
      Math.min(rand.int(8, 25), engineers.length),
    );
    if (!group.length) continue;
    const results = group.map((e) => {
      const score = rand.int(45, 100);
      const passed = score >= 60;
      if (!passed) {
        const k = `${month(at)}|${e.id}`;
        failedExam.set(k, (failedExam.get(k) ?? 0) + 1);
      }
      return { person: e.id, score, passed };
    });
    put(at, "exams", {
      kind: "exam",
      id: newId("E", at),
      date: day(at),
      title: `${rand.pick(PRODUCT_LINES)[1]}${rand.pick(["产品知识", "故障诊断", "安装规范", "安全操作"])}培训`,
      results,
      recorded: { by: supervisor.id, at: iso(at + 3 * H) },
    });
  }

  // Complaints and GM decisions: rare.
  /** A communication complaint about engineer `e` recorded by the sales admin (D20). */
  const communicationComplaint = (e, at) =>
    put(at, "complaints", {
      kind: "complaint",
      id: newId("C", at),
      person: e.id,
      date: day(at),
      subject: `投诉-${rand.pick(CITIES[e.region])}项目沟通问题`,
      project: `${rand.pick(CITIES[e.region])}项目`,
      recorded: { by: salesAdmin.id, at: iso(at + H) },
    });
  for (let i = 0; i < Math.max(2, Math.round(engineers.length / 4)); i++) {
    const e = rand.pick(engineers);
    const at = workTime(
      rand,
      Math.max(e.hiredMs, start) + rand.int(0, Math.floor((end - Math.max(e.hiredMs, start)) / D) - 2) * D,
    );
    if (at > end) continue;
    communicationComplaint(e, at);
  }
  for (let i = 0; i < Math.max(1, Math.round(engineers.length / 10)); i++) {
    const e = rand.pick(engineers);
    const at = workTime(rand, start + rand.int(30, Math.floor((end - start) / D) - 2) * D);
    put(at, "decisions", {
      kind: "decision",
      id: newId("G", at),
      person: e.id,
      decision: "升档",
      tier: "二等",
      effective: `${month(at + 20 * D)}-01`,
      reason: "连续六个月无事故、无扣款，并通过部门考核",
      decided: { by: gm.id, at: iso(at) },
    });
  }

  // A few engineers with two communication complaints in one month (D20: a tier step lower that
  // month when the rule is on), recorded by the sales admin a few days apart.
  for (let i = 0; i < Math.max(1, Math.round(engineers.length / 30)); i++) {
    const e = rand.pick(engineers);
    const from = Math.max(e.hiredMs, start) + 5 * D;
    if (from > end - 40 * D) continue;
    const first = workTime(rand, from + rand.int(0, Math.floor((end - 40 * D - from) / D)) * D);
    const mFirst = month(first);
    for (const at of [first, workTime(rand, first + rand.int(2, 9) * D)]) {
      if (month(at) !== mFirst || at > end) continue;
      communicationComplaint(e, at);
    }
  }

  // The equipment register (D21): most customers' units, brought in with the customers (the first
  // commit), each with its warranty (三包: a year after acceptance) and software version.
  const REGISTERED = start - 30 * D;
  const unitsOf = new Map(); // customer -> [equipment]
  const productById = new Map(products.map((p) => [p.id, p]));
  for (const c of customers) {
    if (!rand.chance(0.85)) continue;
    const units = [];
    for (const product of rand.some(products, rand.int(1, 3))) {
      const installed = REGISTERED - rand.int(15, 900) * D;
      const accepted = installed + rand.int(3, 12) * D;
      const e = {
        kind: "equipment",
        id: newId("EQ", REGISTERED),
        customer: c.id,
        product: product.id,
        model: `${product.id}-${rand.pick(["A", "B", "S"])}${rand.int(10, 89)}`,
        serial: `SN${product.id.replace(/[^A-Z0-9]/g, "").slice(0, 4)}${pad(rand.int(0, 999999), 6)}`,
        installed: day(installed),
        accepted: day(accepted),
        warrantyEnd: plusDays(day(accepted), 365),
        software: `V${rand.int(1, 3)}.${rand.int(0, 9)}`,
        location: `${rand.pick(["一号车间", "二号车间", "总装线", "机房", "泵房"])}`,
        createdBy: salesAdmin.id,
      };
      units.push(e);
      put(REGISTERED, "equipment", e);
    }
    unitsOf.set(c.id, units);
  }

  // Notices and letters fill the rest: count what is left (the customer complaints and the R&D work
  // orders written after the letters have their budget set aside here).
  const fixedSoFar = out.length;
  const incidentCount = Math.max(2, Math.round(engineers.length * 1.3));
  const monthlyCount = Math.max(0, monthStarts.length - 2) * 2;
  const qualityBudget = Math.max(4, Math.round((total - fixedSoFar) * 0.012));
  let remaining = total - fixedSoFar - incidentCount - monthlyCount - 2 * qualityBudget;
  if (remaining < 4) remaining = 4;
  const noticeCount = Math.ceil(remaining / 2);
  const letterCount = remaining - noticeCount;
  let rdLeft = qualityBudget;
  const csOf = (region) => customerService[["华东", "华北", "西北"].includes(region) ? 0 : 1];

  const poor = new Map(); // month|eng -> count of 差
  const letters = [];
  const customerOf = new Map(); // letter id -> { customer, region }
  const span = end - start - 2 * D;
  const issuedTimes = [];
  for (let i = 0; i < noticeCount; i++) issuedTimes.push(start + rand.next() * span);
  issuedTimes.sort((a, b) => a - b);
  for (let i = 0; i < noticeCount; i++) {
    const region = rand.pick(REGIONS);
    const customer = rand.pick(customersByRegion.get(region));
    const type = rand.weighted([
      ["维修", 5],
      ["维护", 3],
      ["调试", 2],
      ["安装", 2],
      ["培训", 1],
      ["测试", 1],
      ["回访", 1],
      ["技术咨询", 1],
    ]);
    // The unit it is about, when the customer's equipment is registered (a new installation is not yet).
    const units = unitsOf.get(customer.id) ?? [];
    const unit = type !== "安装" && units.length && rand.chance(0.85) ? rand.pick(units) : undefined;
    const product = unit ? productById.get(unit.product) : rand.pick(products);
    const issued = workTime(rand, issuedTimes[i]);
    const assignedLetter = i < letterCount;
    const noticeAt = issued;
    const notice = {
      kind: "notice",
      id: newId("N", noticeAt),
      customer: customer.id,
      contact: { name: customer.contacts[0].name, phone: customer.contacts[0].phone },
      region,
      address: customer.address,
      type,
      priority: rand.weighted([
        ["一般", 6],
        ["重要", 3],
        ["紧急", 1],
      ]),
      channel: rand.pick(["电话", "邮件", "在线", "现场"]),
      content: `${CONTENTS[type]}（${product.name}）`,
      site: `客户现场共有 ${rand.int(1, 12)} 台 ${product.id}，${rand.pick(["已停机等待", "带病运行", "新到货未开箱", "运行正常"])}`,
      ...(type === "维修" ? { fault: rand.pick(FAULTS).replace("%d", String(rand.int(10, 999))) } : {}),
      equipment: product.name,
      ...(unit ? { equipmentId: unit.id } : {}),
      product: product.id,
      issued: { by: requesters[REGIONS.indexOf(region)].id, at: iso(noticeAt) },
    };
    const signAt = noticeAt + rand.int(20, 180) * 60_000;
    if (signAt < end && (assignedLetter || rand.chance(0.7))) {
      const gmAbsent = rand.chance(0.1);
      notice.signature = { by: gmAbsent ? supervisor.id : gm.id, at: iso(signAt), gmAbsent };
    }
    put(noticeAt, "notices", notice);
    if (!assignedLetter || !notice.signature) continue;

    // The responsibility letter: its whole history, cut at "now".
    const pool = byRegion.get(region).filter((e) => active(e, signAt));
    const eng = pool.length
      ? rand.pick(pool)
      : (rand.pick(engineers.filter((e) => active(e, signAt))) ?? engineers[0]);
    const assignedAt = signAt + rand.int(10, 120) * 60_000;
    const siteAt = assignedAt + rand.int(30, 240) * 60_000;
    const approveAt = siteAt + rand.int(20, 180) * 60_000;
    // D22: a consultation is mostly solved remotely, a repair or maintenance now and then (the
    // supervisor's decision at the assignment: no travel, no advance; the approval approves the plan).
    const remote =
      (type === "技术咨询" && rand.chance(0.6)) ||
      ((type === "维修" || type === "维护") && rand.chance(0.06));
    // D17: an urgent job is served the same or the next day.
    const appointment =
      notice.priority === "紧急"
        ? Math.max(approveAt + H, workTime(rand, approveAt + rand.int(0, 1) * D))
        : workTime(rand, approveAt + rand.int(1, 3) * D);
    const days = type === "技术咨询" || remote ? 1 : rand.int(1, 4);
    const estimate = appointment + days * D + 6 * H;
    const delayed = rand.chance(0.08);
    const finish = delayed ? estimate + rand.int(1, 5) * D : appointment + rand.int(2, days * 24) * H;
    const l = {
      kind: "letter",
      id: newId("L", assignedAt),
      notice: notice.id,
      engineer: eng.id,
      status: "派工",
      assigned: { by: supervisor.id, at: iso(assignedAt) },
    };
    const within = (ms) => ms <= end;
    if (remote && within(assignedAt + 10 * 60_000))
      l.remote = { by: supervisor.id, at: iso(assignedAt + rand.int(2, 10) * 60_000) };
    if (within(siteAt)) {
      const matches = rand.chance(0.9);
      l.site = {
        matches,
        ...(matches
          ? {}
          : {
              difference: "现场实际为两台设备故障，比通知单多一台",
              followUp: `已电话告知${requesters[REGIONS.indexOf(region)].name}，同意一并处理`,
            }),
        by: eng.id,
        at: iso(siteAt),
      };
      // D17: on urgent and important jobs (and some normal ones) the engineer phones the customer as
      // soon as he is assigned (svc ack), before confirming the site.
      if (notice.priority !== "一般" || rand.chance(0.2))
        l.ack = {
          by: eng.id,
          at: iso(assignedAt + rand.int(12, 28) * 60_000),
          text: `已电话联系${customer.contacts[0].name}，了解现场情况，约定服务时间`,
        };
    }
    l.preparation = {
      solution: `${rand.pick(["先远程诊断再到场", "携带备件到场更换", "到场后备份程序并升级", "按标准流程安装调试"])}；必要时联系产品专家`,
      tools: [...TOOLS, ...rand.some(EXTRA_TOOLS, rand.int(0, 3))],
      documents: [`${product.id} 用户手册`, `${product.id} 接线图`],
      ...(type === "维修" ? { spareParts: [`${product.id} 通讯模块`, "保险丝 2A"] } : {}),
    };
    l.appointment = iso(appointment);
    l.estimate = iso(estimate);
    const city = rand.pick(CITIES[region]);
    const travel = {
      destination: city,
      region,
      days,
    };
    if (within(approveAt) && l.site) {
      l.approval = { by: supervisor.id, at: iso(approveAt) };
      if (!remote) {
        travel.advance = days * 300;
        if (within(appointment)) travel.departed = day(appointment - (rand.chance(0.5) ? D : 0));
        if (within(finish + 12 * H)) travel.returned = day(finish + 12 * H);
      }
      // D17: on site, or remote work started (svc arrive) — the arrival clock stops there.
      if (within(appointment)) l.arrival = { by: eng.id, at: iso(appointment) };
    }
    if (!remote) l.travel = travel;
    l.log = [];
    const steps = rand.int(2, 5);
    for (let s = 0; s < steps; s++) {
      const at = appointment + Math.floor(((finish - appointment) * s) / steps);
      if (!within(at) || !l.approval) break;
      const entry = {
        at: iso(at),
        by: eng.id,
        type: s > 0 && rand.chance(0.15) && !remote ? "汇报" : "记录",
        text: remote && s === 0 ? "远程连接客户电脑，查看报警记录与程序" : rand.pick(LOG_TEXTS),
      };
      // D21: the last entry of a job on a registered unit records a software update or the parts
      // replaced, free under the unit's warranty (三包) or chargeable.
      if (unit && s === steps - 1) {
        if ((type === "维修" || type === "维护") && rand.chance(0.1))
          entry.software = `V${rand.int(2, 4)}.${rand.int(0, 9)}`;
        if (type === "维修" && !remote && rand.chance(0.35))
          entry.parts = [
            {
              name: `${product.id} ${rand.pick(["通讯模块", "电源模块", "风扇", "I/O 板"])}`,
              qty: rand.int(1, 2),
              charge: day(at) <= unit.warrantyEnd ? "三包" : "收费",
            },
          ];
      }
      l.log.push(entry);
    }
    if (l.log.length && rand.chance(0.05)) {
      l.log.push({
        at: l.log[l.log.length - 1].at,
        by: eng.id,
        type: "上报",
        to: "产品专家",
        text: "疑难问题电话无法解决，已书面上报并附现场照片说明",
      });
    }
    if (delayed && within(estimate - 6 * H) && l.approval) {
      const reason = rand.weighted([
        ["A", 1],
        ["B", 3],
        ["C", 4],
        ["D", 2],
      ]);
      const delayAt = estimate - 6 * H;
      // D22: a suspected product defect goes to R&D on a work order (故障处理工作单); the letter waits
      // with the reason-D delay naming it. R&D's lead accepts or rejects it; the requester confirms the fix.
      let rd;
      if (reason === "D" && rdLeft > 0 && rand.chance(0.8)) {
        rdLeft--;
        const opened = delayAt - rand.int(30, 90) * 60_000;
        const decided = delayAt + rand.int(1, 4) * H;
        rd = {
          kind: "rd",
          id: newId("RD", opened),
          letter: l.id,
          requester: eng.id,
          opened: { by: eng.id, at: iso(opened) },
          environment: `${product.id} 固件 V2.${rand.int(0, 9)}，上位机 Windows 10，组态软件 ${rand.pick(["5.2", "6.0", "6.1"])}`,
          steps: "1. 上电；2. 打开组态画面；3. 连续下载程序两次",
          symptom: rand.pick([
            "通讯中断后无法自动重连",
            "报表导出时程序崩溃",
            "参数保存后重启丢失",
            "高负载时看门狗复位",
            "按说明书操作仍报 E-17",
          ]),
        };
        if (within(decided)) {
          if (rand.chance(0.2))
            rd.rejected = {
              by: rdLead.id,
              at: iso(decided),
              reason: "非产品缺陷：现场接线错误，已告知处理方法",
            };
          else {
            rd.accepted = { by: rdLead.id, at: iso(decided), reason: "可重现，安排修复" };
            const fixedAt = decided + rand.int(1, Math.max(1, Math.floor((finish - decided) / H) - 3)) * H;
            if (within(fixedAt) && fixedAt < finish - 2 * H) {
              rd.fixed = { by: rdLead.id, at: iso(fixedAt), note: `固件 V2.${rand.int(0, 9)} 修复` };
              if (within(finish - H)) rd.confirmed = { by: eng.id, at: iso(finish - H) };
            }
          }
        }
        // (fixed at least 3 hours before the completion, confirmed an hour before it: a letter completed
        // by "now" has its order closed)
        put(opened, "rd-orders", rd);
      }
      l.delays = [
        {
          reason,
          until: iso(finish + 6 * H),
          note:
            reason === "C"
              ? "客户停产检修，要求顺延"
              : rd
                ? "疑似产品缺陷，已提交研发故障处理工作单"
                : "备件未到，等待到货",
          by: eng.id,
          at: iso(delayAt),
          ...(reason !== "A" ? { approval: { by: supervisor.id, at: iso(estimate - 4 * H) } } : {}),
          ...(rd ? { rd: rd.id } : {}),
        },
      ];
      l.status = "延期";
    } else if (l.approval) l.status = "在建";
    // A change request is approved while the work is still on (LETTER_STEPS["change-approve"].from).
    if (rand.chance(0.03) && l.approval && within(appointment + 2 * H) && finish >= appointment + 5 * H) {
      l.changes = [
        {
          description: "客户要求增加一路模拟量输入并修改报警画面",
          by: eng.id,
          at: iso(appointment + 2 * H),
          customerConfirmation: { name: customer.contacts[0].name, at: iso(appointment + 3 * H) },
          ...(within(appointment + 5 * H) ? { gmApproval: { by: gm.id, at: iso(appointment + 5 * H) } } : {}),
        },
      ];
    }
    if (within(finish) && l.approval) {
      const unsigned = rand.chance(0.02);
      const grade = () =>
        rand.weighted([
          ["优", 50],
          ["良", 35],
          ["中", 12],
          ["差", 3],
        ]);
      const ratings = { attitude: grade(), skill: grade(), result: grade() };
      l.completion = {
        at: iso(finish),
        by: eng.id,
        ...(unsigned ? {} : { ratings, signature: { signedBy: customer.contacts[0].name } }),
        unsigned,
      };
      if (!unsigned) {
        const n = Object.values(ratings).filter((g) => g === "差").length;
        if (n) {
          const k = `${month(finish)}|${eng.id}`;
          poor.set(k, (poor.get(k) ?? 0) + n);
        }
      }
      l.status = "完工";
      const back = finish + rand.int(2, 20) * H;
      if (within(back) && !remote)
        l.return = { by: eng.id, at: iso(back), plan: "乘高铁返回", agreedBy: supervisor.id };
      if (rand.chance(0.3)) {
        const [topic, content] = rand.pick(MARKET);
        l.market = [{ topic, content }];
      }
      const confirm = workTime(rand, back + D);
      if (within(confirm)) {
        l.confirmation = { by: supervisor.id, at: iso(confirm) };
        l.status = "已确认";
        const follow = confirm + rand.int(7, 30) * D;
        const followed = rand.chance(0.5) && within(follow);
        if (followed) {
          l.followup = { by: salesAdmin.id, at: iso(follow), note: "客户反馈设备运行稳定，对服务满意" };
          l.status = "回访";
        }
        // D18: customer service's 回访 survey in the working days after the confirmation: a few customers unreachable in 3 tries, some disagreeing with the ratings the
        // engineer collected, a few who did not sign personally (the supervisor then decides the mark).
        let surveyed = 0;
        const first = Math.max(confirm + 30 * 60_000, workTime(rand, confirm + rand.int(0, 4) * D));
        if (within(first)) {
          const cs = csOf(region);
          const kind = rand.next();
          const tries = [first];
          const more = kind < 0.03 ? 2 : kind < 0.15 ? 1 : 0;
          for (let t = 0; t < more; t++) {
            const prev = tries[tries.length - 1];
            const next = Math.max(prev + H, workTime(rand, prev + D));
            if (within(next)) tries.push(next);
          }
          const last = tries[tries.length - 1];
          if (kind < 0.03 || tries.length < more + 1) {
            // not reached (yet: the next try would be after "now")
            l.survey = { by: cs.id, at: iso(last), reached: false, attempts: tries.map(iso) };
            if (tries.length === 3) surveyed = last;
          } else {
            const r = l.completion.ratings;
            const signedPersonally = !l.completion.unsigned && !rand.chance(0.015);
            const disagree =
              r &&
              [r.attitude, r.skill, r.result].every((g) => g === "优" || g === "良") &&
              rand.chance(0.06);
            l.survey = {
              by: cs.id,
              at: iso(last),
              reached: true,
              attempts: tries.map(iso),
              signedPersonally,
              explained: !disagree && rand.chance(0.97),
              ratings: disagree
                ? { attitude: "中", quality: "中", speed: "差" }
                : r
                  ? { attitude: r.attitude, quality: r.result, speed: r.skill }
                  : { attitude: "良", quality: "良", speed: "良" },
              ...(disagree
                ? { comment: "客户表示问题拖了两天才解决，工程师未讲解操作，对服务不满意" }
                : !signedPersonally
                  ? { comment: "客户称当天由值班员代签，本人未签字" }
                  : {}),
            };
            surveyed = last;
            const decided = workTime(rand, last + rand.int(1, 3) * D);
            if (!signedPersonally && within(decided))
              l.survey.decision = {
                forged: false,
                by: supervisor.id,
                at: iso(decided),
                note: "核实为客户授权的值班人员代签，不认定伪造",
              };
          }
        }
        // Archived after the follow-up visit and the survey, never before them (LETTER_STEPS.archive).
        const close = Math.max(
          confirm + rand.int(20, 45) * D,
          followed ? follow + 3 * D : 0,
          surveyed ? surveyed + 2 * D : 0,
        );
        if (surveyed && within(close)) {
          l.archive = { by: supervisor.id, at: iso(close) };
          l.status = "结案";
        }
      }
    }
    letters.push(l);
    customerOf.set(l.id, { customer: customer.id, region });
    put(assignedAt, "letters", l);
    // The weekly reports of the weeks the engineer worked on it name it.
    for (let s = saturdayOf(assignedAt); s <= saturdayOf(Math.min(finish, end)); s += 7 * D) {
      const w = weeklyOf.get(`${eng.id}|${s}`);
      if (w && !w.letters.includes(l.id)) w.letters.push(l.id);
    }
  }
  for (const w of weeklyOf.values()) if (!w.letters.length) delete w.letters;

  // R&D work orders still open at "now" (D22): on jobs being worked, opened yesterday afternoon —
  // one waiting for R&D, one accepted, one reported fixed and waiting for the requester's confirmation.
  const rdOpen = ["待受理", "已受理", "已修复"];
  for (let i = letters.length - 1, made = 0; i >= 0 && made < rdOpen.length && rdLeft > 0; i--) {
    const l = letters[i];
    const opened = end - 20 * H;
    if (l.status !== "在建" || l.delays || l.completion || Date.parse(l.approval.at) > opened - H) continue;
    const state = rdOpen[made++];
    rdLeft--;
    const o = {
      kind: "rd",
      id: newId("RD", opened),
      letter: l.id,
      requester: l.engineer,
      opened: { by: l.engineer, at: iso(opened) },
      environment: `固件 V3.${rand.int(0, 9)}，上位机 Windows 11`,
      steps: "1. 上电；2. 切换到手动模式；3. 再切回自动",
      symptom: "切换模式后输出保持上一状态，无法复位",
    };
    if (state !== "待受理")
      o.accepted = { by: rdLead.id, at: iso(opened + 2 * H), reason: "可重现，安排修复" };
    if (state === "已修复")
      o.fixed = { by: rdLead.id, at: iso(opened + 3 * H), note: "固件 V3.9 修复，待现场验证" };
    put(opened, "rd-orders", o);
    l.delays = [
      {
        reason: "D",
        until: iso(end + 3 * D),
        note: "疑似产品缺陷，已提交研发故障处理工作单",
        by: l.engineer,
        at: iso(opened + 30 * 60_000),
        approval: { by: supervisor.id, at: iso(opened + H) },
        rd: o.id,
      },
    ];
    l.status = "延期";
  }

  const incidents = new Map(); // month|eng -> [class…]
  const done = letters.filter((l) => l.completion);

  // Customer complaints (D19) after a completed job: about the engineer, the product, the service;
  // received by the sales admin or customer service, investigated and answered by the owner by the
  // promised day (most of them), called back, closed. A complaint about an engineer made to management
  // becomes an incident (class I to a VP, II to sales) half the time — linked both ways.
  let complaintIncidents = 0;
  for (let k = 0; k < qualityBudget && done.length; k++) {
    const l = rand.pick(done);
    const { customer, region } = customerOf.get(l.id);
    const received = workTime(rand, Date.parse(l.completion.at) + rand.int(1, 10) * D);
    if (received > end) continue;
    const about = rand.weighted([
      ["engineer", 5],
      ["product", 2],
      ["service", 2],
      ["other", 1],
    ]);
    const to = rand.weighted([
      ["vp", about === "engineer" ? 1 : 0],
      ["sales-manager", about === "engineer" ? 3 : 1],
      ["sales-admin", 4],
      ["other", 2],
    ]);
    const grade = to === "vp" || rand.chance(0.15) ? "重大" : "一般";
    const taker = rand.chance(0.5) ? salesAdmin : csOf(region);
    const owner = about === "product" ? salesAdmin : supervisor;
    const replyDay = addWorkdays(day(received), grade === "重大" ? 1 : 3);
    const replyBy = Date.parse(`${replyDay}T23:59:59+08:00`);
    const c = {
      kind: "customer-complaint",
      id: newId("K", received),
      customer,
      received: { at: iso(received), channel: rand.pick(["电话", "邮件", "在线"]), by: taker.id, to },
      content: {
        engineer: "服务人员到场比约定晚了半天且未提前告知，处理过程中态度生硬",
        product: "设备更换模块后一周内再次报同样故障，怀疑产品质量问题",
        service: "报修后两天无人联系，服务响应太慢",
        other: "服务费用发票迟迟未开",
      }[about],
      about,
      ...(about === "engineer" ? { engineer: l.engineer } : {}),
      letter: l.id,
      grade,
      owner: owner.id,
      replyBy: `${replyDay}T23:59:59+08:00`,
    };
    const opened = received + 5 * 60_000;
    const investigated = opened + rand.int(1, grade === "重大" ? 4 : 20) * H;
    const replied = rand.chance(0.1)
      ? replyBy + rand.int(2, 30) * H
      : Math.max(investigated + 30 * 60_000, Math.min(replyBy - H, investigated + rand.int(1, 20) * H));
    const called = Math.max(replied + H, workTime(rand, replied + rand.int(1, 3) * D));
    const closed = called + rand.int(1, 6) * H;
    if (investigated <= end)
      c.investigation = {
        text: "与服务人员及客户核实经过，查阅责任书与服务记录",
        by: owner.id,
        at: iso(investigated),
      };
    // The supervisor opens the incident an hour after the investigation (versionsOf relies on it).
    const incidentAt = investigated + H;
    if (
      c.engineer &&
      to !== "other" &&
      rand.chance(0.5) &&
      incidentAt + 2 * D <= end &&
      complaintIncidents < incidentCount / 4
    ) {
      complaintIncidents++;
      const cls = to === "vp" ? "I" : "II";
      const inc = {
        kind: "incident",
        id: newId("I", incidentAt),
        class: cls,
        engineer: l.engineer,
        date: day(incidentAt),
        cause: `客户投诉：${c.content}`,
        letter: l.id,
        customerComplaint: c.id,
        opened: { by: supervisor.id, at: iso(incidentAt) },
        reflection: {
          text: "深刻反思：今后按约定时间到场，时间有变提前告知客户，耐心沟通。",
          by: l.engineer,
          at: iso(incidentAt + D),
        },
        notification: {
          text: "对该事故予以通报，全体服务人员引以为戒。",
          by: supervisor.id,
          at: iso(incidentAt + 2 * D),
        },
      };
      const key = `${month(incidentAt)}|${l.engineer}`;
      if (!incidents.has(key)) incidents.set(key, []);
      incidents.get(key).push(cls);
      put(incidentAt, "incidents", inc);
      c.incident = inc.id;
    }
    if (replied <= end)
      c.reply = {
        result:
          about === "product" ? "更换备件并由研发分析原因，向客户致歉" : "向客户致歉，对服务人员批评教育",
        how: rand.pick(["电话告知客户设备科", "邮件回复客户", "上门说明"]),
        by: owner.id,
        at: iso(replied),
      };
    if (called <= end)
      c.callback = { satisfied: rand.chance(0.9), note: "客户接受处理结果", by: taker.id, at: iso(called) };
    if (closed <= end) c.closed = { by: owner.id, at: iso(closed) };
    c.opened = { by: taker.id, at: iso(opened) };
    put(received, "customer-complaints", c);
  }

  // Incidents: each on a completed letter, with the reflection and the incident notice.
  for (
    let made = complaintIncidents, tries = 0;
    made < incidentCount && done.length && tries < incidentCount * 50;
    tries++
  ) {
    const l = rand.pick(done);
    const at = Date.parse(l.completion.at) + rand.int(1, 5) * D;
    if (at + 4 * D > end) continue;
    made++;
    const cls = rand.chance(0.2) ? "I" : "II";
    const k = `${month(at)}|${l.engineer}`;
    if (!incidents.has(k)) incidents.set(k, []);
    incidents.get(k).push(cls);
    put(at, "incidents", {
      kind: "incident",
      id: newId("I", at),
      class: cls,
      engineer: l.engineer,
      date: day(at),
      cause:
        cls === "I"
          ? "未按流程备份即修改程序，导致客户产线停产两小时，客户向副总投诉"
          : "现场问题未及时上报，公司另派人员前往处理",
      letter: l.id,
      opened: { by: supervisor.id, at: iso(at + 2 * H) },
      reflection: {
        text: "深刻反思：今后严格按照服务流程操作，先备份后修改，疑难问题当天书面上报。",
        by: l.engineer,
        at: iso(at + D),
      },
      notification: {
        text: "对该事故予以通报，全体服务人员引以为戒。",
        by: supervisor.id,
        at: iso(at + 2 * D),
      },
    });
  }

  // Monthly reports and signed assessments for every complete month but the last.
  for (let m = 1; m < monthStarts.length - 1; m++) {
    // Month m runs up to monthStarts[m]; the first (partial) month and the last complete one are left out.
    const from = monthStarts[m] - 1;
    const mm = month(from);
    const issue = workTime(rand, monthStarts[m] + D);
    put(issue, "monthly", {
      kind: "monthly",
      id: `M-${mm.replace("-", "")}`,
      month: mm,
      summary: "本月服务及时率、客户评价、文档完整性与事故情况见报表。",
      submitted: iso(issue),
      by: supervisor.id,
    });
    const lines = [];
    for (const e of engineers) {
      if (!active(e, from)) continue;
      const ls = [];
      const late = lateWeekly.get(mm)?.get(e.id) ?? 0;
      if (late) ls.push({ rule: "weekly-late", text: `周报迟交 ${late} 次`, amount: -20 * late, refs: [] });
      const p = poor.get(`${mm}|${e.id}`) ?? 0;
      if (p) ls.push({ rule: "poor-rating", text: `客户评价“差” ${p} 个`, amount: -50 * p, refs: [] });
      const f = failedExam.get(`${mm}|${e.id}`) ?? 0;
      if (f) ls.push({ rule: "exam-failed", text: `培训考核不合格 ${f} 次`, amount: -50 * f, refs: [] });
      for (const c of incidents.get(`${mm}|${e.id}`) ?? [])
        ls.push({ rule: `incident-${c}`, text: `${c}类事故`, amount: c === "I" ? -100 : -50, refs: [] });
      lines.push({
        person: e.id,
        role: "engineer",
        lines: ls,
        total: ls.reduce((s, x) => s + x.amount, 0),
        flags: [],
      });
    }
    lines.push({ person: supervisor.id, role: "supervisor", lines: [], total: 0, flags: [] });
    put(issue, "assessments", {
      kind: "assessment",
      id: `A-${mm.replace("-", "")}`,
      month: mm,
      people: lines,
      drafted: { by: supervisor.id, at: iso(issue) },
      signature: { by: gm.id, at: iso(issue + 4 * H) },
    });
  }

  // Top up to exactly the size asked: notices opened in the last days, not signed yet (a letter
  // whose notice would only be signed after "now" was not written above).
  while (out.length < total) {
    const customer = rand.pick(customers);
    const at = workTime(rand, end - rand.int(1, 3) * D);
    if (at > end) continue;
    const type = rand.pick(Object.keys(CONTENTS));
    put(at, "notices", {
      kind: "notice",
      id: newId("N", at),
      customer: customer.id,
      contact: { name: customer.contacts[0].name, phone: customer.contacts[0].phone },
      region: customer.region,
      type,
      priority: "一般",
      channel: "电话",
      content: CONTENTS[type],
      issued: { by: requesters[REGIONS.indexOf(customer.region)].id, at: iso(at) },
    });
  }
  out.sort((a, b) => a[0] - b[0]);
  return { out, start, end, dept, letters: letters.length };
}

// ---------------------------------------------------------------- one commit per action

const at = (s) => Date.parse(s);
const without = (rec, ...keys) => {
  const o = { ...rec };
  for (const k of keys) delete o[k];
  return o;
};

/**
 * The versions of a record as the workflow wrote them, one per action: `[{ ms, by, rec }]`, where
 * `by` is the person who acted (the commit's author) and `ms` the time the action recorded (the
 * commit's author time, so the times that decide fines equal their commit's — D4, D16). Steps of a
 * letter follow LETTER_STEPS (src/domain/workflow.ts): the supervisor assigns, the engineer confirms
 * the site and writes the solution, the supervisor approves (with the travel advance), the engineer
 * logs, asks for delays (the supervisor approves them), records change requests (the GM approves),
 * closes, returns; the supervisor confirms, sales follows up, the supervisor archives.
 */
export function versionsOf(rec) {
  switch (rec.kind) {
    case "weekly":
    case "department-weekly":
    case "monthly":
      return [{ ms: at(rec.submitted), by: rec.by, rec }];
    case "exam":
    case "complaint":
      return [{ ms: at(rec.recorded.at), by: rec.recorded.by, rec }];
    case "decision":
      return [{ ms: at(rec.decided.at), by: rec.decided.by, rec }];
    case "notice":
      return rec.signature
        ? [
            { ms: at(rec.issued.at), by: rec.issued.by, rec: without(rec, "signature") },
            { ms: at(rec.signature.at), by: rec.signature.by, rec },
          ]
        : [{ ms: at(rec.issued.at), by: rec.issued.by, rec }];
    case "assessment":
      return [
        { ms: at(rec.drafted.at), by: rec.drafted.by, rec: without(rec, "signature") },
        { ms: at(rec.signature.at), by: rec.signature.by, rec },
      ];
    case "incident":
      return staged(rec, [[rec.opened], [rec.reflection, "reflection"], [rec.notification, "notification"]]);
    case "customer-complaint": {
      // `svc complaint customer open`, investigate, (incident: the supervisor, an hour after the
      // investigation, bench/generate.mjs), reply, callback, close — each by the person acting.
      const linked = rec.incident && {
        at: iso(at(rec.investigation.at) + H + 60_000),
        by: rec.owner,
      };
      return staged(rec, [
        [rec.opened],
        [rec.investigation, "investigation"],
        [linked, "incident"],
        [rec.reply, "reply"],
        [rec.callback, "callback"],
        [rec.closed, "closed"],
      ]);
    }
    case "rd":
      // `svc rd open` (the letter's engineer), accept or reject, fixed (R&D's lead), confirm (the requester).
      return staged(rec, [
        [rec.opened],
        [rec.accepted, "accepted"],
        [rec.rejected, "rejected"],
        [rec.fixed, "fixed"],
        [rec.confirmed, "confirmed"],
      ]);
    case "letter":
      return letterVersions(rec);
    default:
      return [];
  }
}

/**
 * The versions of a record whose fields appear step by step: `stages` are `[stamp, ...fields]`, the
 * stamp (`{ by, at }`) saying who recorded those fields and when; the first stage is the record without
 * every later stage's fields. Stages without a stamp (not reached) are left out.
 */
function staged(rec, stages) {
  const live = stages.filter(([s]) => s).map(([s, ...fields]) => ({ ms: at(s.at), by: s.by, fields }));
  live.sort((a, b) => a.ms - b.ms);
  return live.map(({ ms, by }, i) => {
    const hidden = new Set(live.slice(i + 1).flatMap((s) => s.fields));
    return { ms, by, rec: hidden.size ? without(rec, ...hidden) : rec };
  });
}

/** A letter's versions: its steps in time order, each revealing its part of the final record. */
function letterVersions(l) {
  const steps = []; // [ms, by, part, status?]
  const step = (ms, by, part, status) => steps.push({ ms, by, part, status, i: steps.length });
  step(at(l.assigned.at), l.assigned.by, "assigned", "派工");
  if (l.remote) step(at(l.remote.at), l.remote.by, "remote");
  if (l.ack) step(at(l.ack.at), l.ack.by, "ack");
  if (l.site) step(at(l.site.at), l.site.by, "site");
  if (l.approval) step(at(l.approval.at), l.approval.by, "approval", "在建");
  if (l.arrival) step(at(l.arrival.at), l.arrival.by, "arrival");
  for (const [i, e] of l.log.entries()) step(at(e.at), e.by, `log.${i}`);
  for (const [i, d] of (l.delays ?? []).entries()) {
    step(at(d.at), d.by, `delay.${i}`, "延期");
    if (d.approval) step(at(d.approval.at), d.approval.by, `delay-approval.${i}`);
  }
  for (const [i, c] of (l.changes ?? []).entries()) {
    step(at(c.at), c.by, `change.${i}`);
    if (c.gmApproval) step(at(c.gmApproval.at), c.gmApproval.by, `change-approval.${i}`);
  }
  if (l.completion) step(at(l.completion.at), l.completion.by, "completion", "完工");
  if (l.return) step(at(l.return.at), l.return.by, "return");
  if (l.confirmation) step(at(l.confirmation.at), l.confirmation.by, "confirmation", "已确认");
  if (l.followup) step(at(l.followup.at), l.followup.by, "followup", "回访");
  // The survey: one commit per try (svc survey … --reached no), the last one with the answers; the
  // supervisor's decision on a "did not sign personally" later.
  for (const [i, a] of (l.survey?.attempts ?? []).entries()) step(at(a), l.survey.by, `survey.${i}`);
  if (l.survey?.decision) step(at(l.survey.decision.at), l.survey.decision.by, "survey-decision");
  if (l.archive) step(at(l.archive.at), l.archive.by, "archive", "结案");
  steps.sort((a, b) => a.ms - b.ms || a.i - b.i);
  const shown = new Set();
  let status = "派工";
  const out = [];
  for (const s of steps) {
    shown.add(s.part);
    if (s.status) status = s.status;
    out.push({ ms: s.ms, by: s.by, rec: letterAt(l, shown, status) });
  }
  return out;
}

/** The letter as it was once the parts in `shown` were recorded, in the final record's key order. */
function letterAt(l, shown, status) {
  const has = (p) => shown.has(p);
  const o = {};
  for (const [k, v] of Object.entries(l)) {
    switch (k) {
      case "status":
        o.status = status;
        break;
      case "remote":
      case "ack":
      case "arrival":
      case "site":
      case "approval":
      case "completion":
      case "return":
      case "confirmation":
      case "followup":
      case "archive":
        if (has(k)) o[k] = v;
        break;
      case "survey": {
        const tries = v.attempts.filter((_, i) => has(`survey.${i}`)).length;
        if (tries === v.attempts.length) o.survey = has("survey-decision") ? v : without(v, "decision");
        else if (tries)
          o.survey = {
            by: v.by,
            at: v.attempts[tries - 1],
            reached: false,
            attempts: v.attempts.slice(0, tries),
          };
        break;
      }
      case "market": // recorded with the close
        if (has("completion")) o[k] = v;
        break;
      case "preparation": // the solution comes with the site confirmation (svc site, svc solution)
        o[k] = has("site") ? v : { tools: v.tools };
        break;
      case "travel": {
        // the plan comes with the assignment, the advance and departure with the approval
        const t = { destination: v.destination, region: v.region, days: v.days };
        if (has("approval")) {
          if (v.advance !== undefined) t.advance = v.advance;
          if (v.departed !== undefined) t.departed = v.departed;
        }
        if (has("completion") && v.returned !== undefined) t.returned = v.returned;
        o[k] = t;
        break;
      }
      case "log":
        o.log = v.filter((_, i) => has(`log.${i}`));
        break;
      case "delays": {
        const ds = v
          .map((d, i) =>
            has(`delay.${i}`) ? (has(`delay-approval.${i}`) ? d : without(d, "approval")) : null,
          )
          .filter(Boolean);
        if (ds.length) o.delays = ds;
        break;
      }
      case "changes": {
        const cs = v
          .map((c, i) =>
            has(`change.${i}`) ? (has(`change-approval.${i}`) ? c : without(c, "gmApproval")) : null,
          )
          .filter(Boolean);
        if (cs.length) o.changes = cs;
        break;
      }
      default:
        o[k] = v;
    }
  }
  return o;
}

// ---------------------------------------------------------------- writing the repository

function gitRun(cwd, args, input) {
  const r = spawnSync("git", args, { cwd, input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function svcYaml() {
  return readFileSync(join(ROOT, "templates", "svc.yaml"), "utf8")
    .replace(/dailyRate: null/, "dailyRate: 120")
    .replace(/specialRate: null/, "specialRate: 180")
    .replace(/phone: null/, "phone: 100")
    .replace(/pools: \{\}/, `pools: { ${REGIONS.map((r) => `${r}: 30000`).join(", ")} }`);
}

/**
 * Generate a department into `dir` (created; must not be a git repository yet): records are
 * committed month by month through `git fast-import`, then the work tree is checked out.
 * Returns counts and timings.
 */
export async function generate(dir, opts = {}) {
  const t0 = performance.now();
  const { out, end, dept, letters } = generateRecords(opts);
  const perAction = (opts.history ?? "months") === "actions";
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, ".git"))) throw new Error(`${dir} is already a git repository`);
  gitRun(dir, ["init", "-q", "-b", "main"]);
  const sup = dept.supervisor;
  gitRun(dir, ["config", "user.name", sup.name]);
  gitRun(dir, ["config", "user.email", sup.email]);
  for (const [k, v] of REPO_SETTINGS) gitRun(dir, ["config", k, v]);

  const fi = spawn("git", ["fast-import", "--quiet", "--done"], {
    cwd: dir,
    stdio: ["pipe", "inherit", "inherit"],
  });
  const exited = new Promise((resolve, reject) => {
    fi.on("error", reject);
    fi.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`))));
  });
  // Write in big chunks; respect back-pressure.
  let buf = [];
  let size = 0;
  const flush = async () => {
    if (!buf.length) return;
    const chunk = Buffer.concat(buf);
    buf = [];
    size = 0;
    if (!fi.stdin.write(chunk)) await new Promise((r) => fi.stdin.once("drain", r));
  };
  const emit = async (b) => {
    buf.push(b);
    size += b.length;
    if (size > 4 << 20) await flush();
  };
  const data = (text) => {
    const b = Buffer.from(text, "utf8");
    return Buffer.concat([Buffer.from(`data ${b.length}\n`), b, Buffer.from("\n")]);
  };
  const who = (p, ms) => `${p.name} <${p.email}> ${Math.floor(ms / 1000)} +0800`;
  const commit = async (ms, message, files, by = sup) => {
    await emit(Buffer.from(`commit refs/heads/main\nauthor ${who(by, ms)}\ncommitter ${who(by, ms)}\n`));
    await emit(data(message));
    // Commits on the same branch of one stream chain by themselves: no `from` needed.
    for (const [path, text] of files) {
      await emit(Buffer.from(`M 100644 inline ${path}\n`));
      await emit(data(text));
    }
  };
  const initFiles = [
    ["svc.yaml", svcYaml()],
    [".gitignore", readFileSync(join(ROOT, "templates", "gitignore"), "utf8")],
  ];
  for (const d of [
    "people",
    "customers",
    "products",
    "notices",
    "letters",
    "weekly",
    "department-weekly",
    "monthly",
    "incidents",
    "exams",
    "complaints",
    "assessments",
    "payroll",
    "amendments",
    "decisions",
    "customer-complaints",
    "equipment",
    "rd-orders",
  ])
    initFiles.push([`${d}/.gitkeep`, ""]);
  let bytes = 0;
  let i = 0;
  let commits = 1;
  const dumpOpts = { lineWidth: -1, noRefs: true, schema: jsyaml.CORE_SCHEMA };
  const sizes = new Map(); // path -> bytes of its last version (the checked-out size)
  const text = (rec, path) => {
    const t = jsyaml.dump(rec, dumpOpts);
    sizes.set(path, Buffer.byteLength(t));
    return t;
  };
  if (perAction) {
    // The roster, products, customers and the equipment register are where the history starts (the first commit is checked
    // as a snapshot); every other record is written action by action by the person acting.
    const ROOTED = new Set(["person", "product", "customer", "equipment"]);
    const people = new Map(dept.people.map((p) => [p.id, p]));
    const events = [];
    for (const [, path, rec] of out) {
      if (ROOTED.has(rec.kind)) initFiles.push([path, text(rec, path)]);
      else for (const v of versionsOf(rec)) events.push({ ...v, path, seq: events.length });
    }
    await commit(out[0][0] - D, "init: 创建记录库", initFiles);
    events.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
    for (const e of events) {
      const by = people.get(e.by);
      if (!by) throw new Error(`${e.rec.id}: nobody is ${e.by}`);
      await commit(e.ms, `${e.rec.kind}: ${e.rec.id}`, [[e.path, text(e.rec, e.path)]], by);
      commits++;
    }
  } else await commit(out[0][0] - D, "init: 创建记录库", initFiles);
  while (!perAction && i < out.length) {
    const m = month(out[i][0]);
    const files = [];
    let last = out[i][0];
    while (i < out.length && month(out[i][0]) === m) {
      files.push([out[i][1], text(out[i][2], out[i][1])]);
      last = out[i][0];
      i++;
    }
    await commit(Math.min(last, end), `records ${m}: ${files.length} 条记录`, files);
    commits++;
  }
  for (const n of sizes.values()) bytes += n;
  await emit(Buffer.from("done\n"));
  await flush();
  fi.stdin.end();
  await exited;
  const tGen = performance.now();
  // Check out the work tree (and build the index) in one go.
  gitRun(dir, ["reset", "-q", "--hard", "main"]);
  // The commit-graph with changed-path filters a repository `svc init` started has, which git then
  // extends on every fetch (fetch.writeCommitGraph): what a department's clone has after a svc sync.
  gitRun(dir, ["commit-graph", "write", "--reachable", "--changed-paths"]);
  const tDone = performance.now();
  return {
    dir,
    records: out.length,
    letters,
    people: dept.people.length,
    engineers: dept.engineers.length,
    bytes,
    commits,
    history: perAction ? "actions" : "months",
    head: gitRun(dir, ["rev-parse", "HEAD"]).trim(),
    supervisor: { name: sup.name, email: sup.email, id: sup.id },
    gm: { name: dept.gm.name, email: dept.gm.email, id: dept.gm.id },
    requester: { name: dept.requesters[0].name, email: dept.requesters[0].email, id: dept.requesters[0].id },
    engineer: { name: dept.engineers[0].name, email: dept.engineers[0].email, id: dept.engineers[0].id },
    customer: "c0001",
    end: opts.end ?? DEFAULT_END,
    ms: { generate: tGen - t0, checkout: tDone - tGen },
  };
}

// ---------------------------------------------------------------- command line

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const opt = (name, def) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  if (!dir) {
    process.stderr.write(
      "usage: node bench/generate.mjs DIR [--records N] [--people N] [--months N] [--seed N] [--history months|actions]\n",
    );
    process.exit(2);
  }
  const h = args.indexOf("--history");
  const history = h >= 0 ? args[h + 1] : "months";
  if (history !== "months" && history !== "actions") {
    process.stderr.write("--history is months (one commit a month) or actions (one commit per action)\n");
    process.exit(2);
  }
  const r = await generate(dir, {
    history,
    records: opt("records", 50_000),
    people: opt("people", 200),
    months: opt("months", 36),
    seed: opt("seed", 7),
  });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
