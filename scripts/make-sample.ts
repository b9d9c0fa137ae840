// Writes records/: the sample department that `npm start` runs on and the tests copy. Deterministic:
// a seeded generator, so running it again rewrites the very same files (others compute figures on them).
//
//   npm run sample            (bundles this file with esbuild and runs it from the repository root)
//
// Every record is validated against its schema before anything is written; the timeline of each
// letter is built forward from its notice and nothing happens after NOW (2026-11-23 09:00 +08:00).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import chineseDays from "chinese-days";
import { parseDocument, stringify } from "yaml";
import {
  type AnyRecord,
  type Customer,
  type DepartmentWeekly,
  type Equipment,
  type Exam,
  type Grade,
  type Incident,
  KINDS,
  type Kind,
  LETTER_STATES,
  type Letter,
  type Notice,
  newId,
  type Person,
  type Product,
  pathOf,
  periodicId,
  type RdOrder,
  SCHEMAS,
  type Weekly,
} from "../src/schemas/index.ts";
import { validateData } from "../src/store/validate.ts";

// ------------------------------------------------------------------ randomness and time

let seed = 20261123;
function rnd(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number) => rnd() < p;

const usedIds = new Set<string>();
function makeId(kind: Kind, date: string): string {
  for (;;) {
    const bytes = new Uint8Array(5).map(() => int(0, 255));
    const id = newId(kind, date, bytes);
    if (!usedIds.has(id)) {
      usedIds.add(id);
      return id;
    }
  }
}

// Times are kept as milliseconds of the department's wall clock (read as UTC) and written with +08:00.
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (date: string, hm: string) => Date.parse(`${date}T${hm}:00Z`);
/** Wall-clock milliseconds of a stamp written by iso(). */
const wall = (stamp: string) => Date.parse(stamp.replace("+08:00", "Z"));
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+08:00`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const addDays = (date: string, n: number) => day(Date.parse(`${date}T00:00:00Z`) + n * DAY);
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
const isWorkday = (date: string) => chineseDays.isWorkday(date);
const md = (ms: number) => `${Number(day(ms).slice(5, 7))}月${Number(day(ms).slice(8, 10))}日`;

const NOW = at("2026-11-23", "09:00");

/** The first office moment at or after `ms` (working day, 09:00–17:30). */
function office(ms: number): number {
  let d = day(ms);
  let t = ms;
  if (t > at(d, "17:30")) {
    d = addDays(d, 1);
    t = at(d, "09:00") + int(0, 40) * MIN;
  }
  while (!isWorkday(d)) {
    d = addDays(d, 1);
    t = at(d, "09:00") + int(0, 40) * MIN;
  }
  if (t < at(d, "08:45")) t = at(d, "09:00") + int(0, 30) * MIN;
  return t;
}

function nextWorkday(date: string): string {
  let d = addDays(date, 1);
  while (!isWorkday(d)) d = addDays(d, 1);
  return d;
}

// ------------------------------------------------------------------ the records to write

const out: { kind: Kind; data: AnyRecord }[] = [];
const attachments = new Map<string, Buffer>();
const put = <R extends AnyRecord>(data: R): R => {
  out.push({ kind: data.kind, data });
  return data;
};

// ------------------------------------------------------------------ roster, products, customers

const products: Product[] = [
  { kind: "product", id: "PLC-200", name: "PLC-200 可编程控制器", category: "控制系统" },
  { kind: "product", id: "VFD-500", name: "VFD-500 通用变频器", category: "驱动" },
  { kind: "product", id: "SRV-300", name: "SRV-300 交流伺服系统", category: "驱动" },
  { kind: "product", id: "HMI-700", name: "HMI-700 触摸屏", category: "人机界面" },
  { kind: "product", id: "CNC-900", name: "CNC-900 数控系统", category: "数控" },
  { kind: "product", id: "SCADA-X", name: "SCADA-X 组态监控软件", category: "软件" },
];
const productName = (id: string) => products.find((p) => p.id === id)!.name;

type Eng = Person & { base: string };
const person = (p: Person) => put(p);
const gm = person({
  kind: "person",
  id: "liuzong",
  name: "刘建国",
  roles: ["gm"],
  email: "liujianguo@dfzk.example.com",
  phone: "13901010001",
  hired: "2012-03-01",
  active: true,
});
const sup = person({
  kind: "person",
  id: "wangzhu",
  name: "王志强",
  roles: ["supervisor"],
  region: "华东",
  email: "wangzhiqiang@dfzk.example.com",
  phone: "13901010002",
  hired: "2018-06-04",
  active: true,
});
const salesEast = person({
  kind: "person",
  id: "zhaoxs",
  name: "赵晓松",
  roles: ["requester"],
  region: "华东",
  email: "zhaoxiaosong@dfzk.example.com",
  phone: "13901010003",
  hired: "2020-02-17",
  active: true,
});
const salesNorth = person({
  kind: "person",
  id: "zhoumin",
  name: "周敏",
  roles: ["requester"],
  region: "华北",
  email: "zhoumin@dfzk.example.com",
  phone: "13901010004",
  hired: "2022-08-01",
  active: true,
});
const admin = person({
  kind: "person",
  id: "sunli",
  name: "孙丽",
  roles: ["sales-admin"],
  region: "华东",
  email: "sunli@dfzk.example.com",
  phone: "13901010005",
  hired: "2019-09-02",
  active: true,
});
person({
  kind: "person",
  id: "qianhong",
  name: "钱红",
  roles: ["finance"],
  email: "qianhong@dfzk.example.com",
  phone: "13901010006",
  hired: "2016-04-11",
  active: true,
});

const engineerList: Eng[] = [
  ["zhangwei", "张伟", "华东", "上海", "2021-03-15", "一等", ["PLC-200", "SCADA-X"]],
  ["chenjie", "陈杰", "华东", "上海", "2025-09-01", "二等", ["HMI-700"]],
  ["huangyong", "黄勇", "华南", "广州", "2023-04-10", "一等", ["CNC-900"]],
  ["linfeng", "林峰", "华南", "广州", "2025-10-20", "一等", ["VFD-500", "SRV-300"]],
  ["liuyang", "刘洋", "华北", "北京", "2022-11-01", "一等", ["VFD-500", "PLC-200"]],
  ["maxin", "马鑫", "华北", "北京", "2026-05-18", "三等", ["HMI-700"]],
].map(([id, name, region, base, hired, tier, experts], i) => {
  const p: Person = {
    kind: "person",
    id: id as string,
    name: name as string,
    roles: ["engineer"],
    region: region as string,
    email: `${id}@dfzk.example.com`,
    phone: `1390101002${i}`,
    hired: hired as string,
    tier: tier as Person["tier"],
    experts: experts as string[],
    active: true,
  };
  put(p);
  return { ...p, base: base as string };
});
const eng = (id: string) => engineerList.find((e) => e.id === id)!;

type Cust = Customer & { city: string; short: string; contact: { name: string; phone: string } };
const customerList: Cust[] = [
  [
    "sh-hengtong",
    "上海恒通精密机械有限公司",
    "恒通精机",
    "华东",
    "上海",
    "上海市嘉定区安亭镇墨玉南路 888 号",
    "陆建平",
  ],
  [
    "sz-jinghua",
    "苏州精华电子科技有限公司",
    "精华电子",
    "华东",
    "苏州",
    "江苏省苏州市工业园区星湖街 328 号",
    "沈丽娟",
  ],
  [
    "hz-xinghua",
    "杭州兴华纺织机械有限公司",
    "兴华纺机",
    "华东",
    "杭州",
    "浙江省杭州市萧山区经济技术开发区建设二路 66 号",
    "俞国强",
  ],
  [
    "nb-haida",
    "宁波海达塑料机械有限公司",
    "海达塑机",
    "华东",
    "宁波",
    "浙江省宁波市北仑区大港工业城黄山西路 19 号",
    "邵永军",
  ],
  [
    "wx-tiancheng",
    "无锡天成汽车零部件有限公司",
    "天成汽配",
    "华东",
    "无锡",
    "江苏省无锡市新吴区长江南路 12 号",
    "华志明",
  ],
  [
    "gz-yuexin",
    "广州粤新包装设备有限公司",
    "粤新包装",
    "华南",
    "广州",
    "广东省广州市番禺区石碁镇金山大道东 168 号",
    "梁伟文",
  ],
  [
    "dg-hongli",
    "东莞宏力五金制品有限公司",
    "宏力五金",
    "华南",
    "东莞",
    "广东省东莞市长安镇锦厦振安中路 203 号",
    "何振华",
  ],
  [
    "fs-meida",
    "佛山美达陶瓷机械有限公司",
    "美达陶机",
    "华南",
    "佛山",
    "广东省佛山市南海区狮山镇科技大道 9 号",
    "冯嘉欣",
  ],
  [
    "xm-haixin",
    "厦门海昕食品有限公司",
    "海昕食品",
    "华南",
    "厦门",
    "福建省厦门市同安区工业集中区思明园 51 号",
    "陈佩玲",
  ],
  [
    "tj-bohai",
    "天津渤海重工机械有限公司",
    "渤海重工",
    "华北",
    "天津",
    "天津市滨海新区塘沽海洋高新区惠安路 77 号",
    "崔立新",
  ],
  [
    "bj-zhongke",
    "北京中科仪表有限公司",
    "中科仪表",
    "华北",
    "北京",
    "北京市昌平区科技园区超前路 37 号",
    "高鹏",
  ],
  [
    "sjz-huabei",
    "石家庄华北制药装备有限公司",
    "华北药装",
    "华北",
    "石家庄",
    "河北省石家庄市高新区天山大街 215 号",
    "赵文斌",
  ],
  [
    "lz-xibei",
    "兰州西北石化设备有限公司",
    "西北石化",
    "西北",
    "兰州",
    "甘肃省兰州市西固区福利东路 560 号",
    "马国栋",
  ],
  [
    "xa-qinchuan",
    "西安秦川机床配套有限公司",
    "秦川配套",
    "西北",
    "西安",
    "陕西省西安市经济技术开发区泾渭工业园 3 号",
    "王秦生",
  ],
].map(([id, name, short, region, city, address, contactName], i) => {
  const contact = {
    name: `${contactName}`,
    phone: `13${6 + (i % 3)}${String(51234567 + i * 7919).slice(0, 8)}`,
  };
  const c: Customer = {
    kind: "customer",
    id,
    name,
    region,
    address,
    contacts: [contact],
    createdBy: region === "华北" || region === "西北" ? salesNorth.id : salesEast.id,
  };
  put(c);
  return { ...c, city, short, contact };
});
const cust = (id: string) => customerList.find((c) => c.id === id)!;
for (const p of products) put(p);

// ------------------------------------------------------------------ what the notices ask for

type ServiceType = Notice["type"];
const FAULTS: Record<string, { fault: string; cause: string; fix: string; parts?: string }> = {
  "PLC-200": {
    fault: "PLC 运行中频繁停机，CPU 模块 SF 故障灯亮，产线每天停 2～3 次",
    cause: "扩展模块背板总线接触不良，且程序中看门狗时间设置过短",
    fix: "更换扩展总线连接器，重新紧固模块，将看门狗时间由 100ms 调整为 200ms 并下载程序",
    parts: "PLC-200 扩展总线连接器 1 个",
  },
  "VFD-500": {
    fault: "变频器加速时报过流故障 OC1，电机无法正常启动",
    cause: "加速时间设置过短，且电机电缆一处绝缘破损对地漏电",
    fix: "更换破损电缆段，加速时间由 2s 调整为 8s，重新做电机参数自学习",
    parts: "VFD-500 散热风扇 1 个",
  },
  "SRV-300": {
    fault: "伺服驱动器报编码器通信错误 E-21，X 轴无法使能",
    cause: "编码器线缆屏蔽层未接地，受变频器干扰",
    fix: "重新制作编码器线缆接头并可靠接地，与动力线分槽走线",
    parts: "SRV-300 编码器电缆 5m 1 根",
  },
  "HMI-700": {
    fault: "触摸屏间歇性黑屏，触摸无响应，与 PLC 通讯中断",
    cause: "触摸屏电源模块老化，输出电压跌落到 20V 以下",
    fix: "更换 24V 电源模块，检查通讯参数并恢复画面程序",
    parts: "24V/2.5A 开关电源 1 个",
  },
  "CNC-900": {
    fault: "数控系统 X 轴回零偏差约 0.2mm，加工尺寸超差",
    cause: "回零减速挡块松动，参考点偏移参数被误改",
    fix: "紧固挡块，恢复参考点偏移参数，用激光干涉仪复测反向间隙并补偿",
  },
  "SCADA-X": {
    fault: "监控画面数据刷新中断，历史曲线缺失",
    cause: "数据库日志文件占满磁盘，采集服务停止",
    fix: "清理并转储历史日志，设置日志自动归档，重启采集服务并补采数据",
  },
};

function content(type: ServiceType, product: string): { content: string; site: string; fault?: string } {
  const name = productName(product);
  switch (type) {
    case "安装":
      return {
        content: `新购 ${name} 安装、接线及上电调试，交付客户使用`,
        site: "设备已到货并就位，现场具备安装条件，客户电工配合接线",
      };
    case "调试":
      return {
        content: `${name} 参数调试，配合新产线联调`,
        site: "机械部分已安装完毕，电气柜已上电，等待联调",
      };
    case "培训":
      return {
        content: `对客户操作及维护人员进行 ${name} 使用与日常维护培训`,
        site: "客户安排 8 名操作工及 2 名电工参加，提供会议室和一台样机",
      };
    case "维护":
      return {
        content: `${name} 年度预防性维护保养`,
        site: "设备运行正常，按合同每年保养一次",
      };
    case "维修":
      return {
        content: `${name} 故障维修`,
        site: "设备已停机，客户急需恢复生产",
        fault: FAULTS[product].fault,
      };
    case "回访":
      return {
        content: `上次维修后的运行情况回访及隐患排查（${name}）`,
        site: "设备运行中，客户反映偶有报警",
      };
    case "测试":
      return {
        content: `${name} 固件升级后的性能测试`,
        site: "客户已安排停机窗口，测试期间产线停产",
      };
    case "技术咨询":
      return {
        content: `${name} 通讯组网方案咨询，客户计划接入 MES 系统`,
        site: "客户提供现有网络拓扑图，远程沟通即可",
      };
  }
}

function solution(type: ServiceType, product: string): string {
  const name = productName(product);
  switch (type) {
    case "安装":
      return `按安装手册完成 ${name} 安装接线，上电检查后做空载、带载试运行，培训操作人员`;
    case "调试":
      return `先核对电气图纸与接线，再按工艺要求设置 ${name} 参数，配合机械做单机及联动调试`;
    case "培训":
      return `理论讲解 2 小时，样机实操 4 小时，结束时做简单考核并留下培训资料`;
    case "维护":
      return `清洁除尘、紧固端子、检查风扇和电容，备份参数与程序，出具保养报告`;
    case "维修":
      return `电话初步判断为：${FAULTS[product].cause}；现场确认后处理：${FAULTS[product].fix}`;
    case "回访":
      return `检查运行记录与报警历史，复查上次维修部位，听取客户意见`;
    case "测试":
      return `按测试大纲逐项测试响应时间、通讯负载和长时间运行稳定性，记录数据出具报告`;
    case "技术咨询":
      return `远程了解现场网络情况，提供 Modbus TCP / OPC UA 两种接入方案及配置说明`;
  }
}

const MIDDLE: Partial<Record<ServiceType, string[]>> = {
  安装: [
    "完成 I/O 点检和参数初始化，空载试运行正常",
    "配合机械安装单位完成设备找正和电缆敷设",
    "完成控制柜接线复查和联锁测试",
  ],
  调试: ["调整加减速曲线和 PID 参数，节拍逐步提升", "配合工艺人员试生产，记录并处理报警"],
};

function workLog(type: ServiceType, product: string, dayNo: number, days: number): string {
  const last = dayNo === days;
  const middle = MIDDLE[type];
  if (!last && dayNo > 1 && middle) return middle[(dayNo - 2) % middle.length];
  switch (type) {
    case "安装":
      return last
        ? "完成上电试运行及带载测试，设备运行正常，向客户演示操作并移交资料"
        : dayNo === 1
          ? "完成设备就位检查、主回路和控制回路接线，绝缘测试合格"
          : "完成 I/O 点检和参数初始化，空载试运行正常";
    case "调试":
      return last
        ? "联动调试完成，节拍达到客户要求，参数已备份到客户电脑和 U 盘"
        : "完成单机调试，电机转向、限位、急停均正常";
    case "培训":
      return last ? "完成样机实操培训和考核，10 名学员全部通过" : "完成理论讲解，学员反馈良好";
    case "维护":
      return last ? "完成保养全部项目，更换老化风扇 1 个，出具保养报告" : "完成除尘与端子紧固";
    case "维修":
      return last
        ? `故障排除：${FAULTS[product].fix}。连续试运行 4 小时无报警`
        : `现场检查确认原因：${FAULTS[product].cause}`;
    case "回访":
      return "查看报警历史，上次维修部位运行正常；发现一处接地端子松动已紧固";
    case "测试":
      return last ? "完成全部测试项目，数据正常，测试报告已交客户" : "完成通讯负载测试，记录数据";
    case "技术咨询":
      return "远程会议讲解两种接入方案，发送配置说明和示例工程";
  }
}

const DAYS: Record<ServiceType, [number, number]> = {
  安装: [2, 3],
  调试: [2, 2],
  培训: [1, 2],
  维护: [1, 2],
  维修: [1, 2],
  回访: [1, 1],
  测试: [1, 2],
  技术咨询: [1, 1],
};

// ------------------------------------------------------------------ the plan: 48 notices in date order

type State = Letter["status"] | "cancelled" | "signed" | "unsigned";
interface Plan {
  state: State;
  customer: string;
  type: ServiceType;
  product: string;
  priority?: Notice["priority"];
  channel?: Notice["channel"];
  engineer?: string;
  /** Special features of this letter. */
  differs?: string;
  escalate?: boolean;
  change?: boolean;
  overdue?: boolean;
  delay?: { reason: "A" | "B" | "C" | "D"; approved: boolean; note: string; days: number };
  ratings?: [Grade, Grade, Grade];
  unsigned?: boolean;
  transcribed?: boolean;
  /** Service days, when the plan needs a particular length. */
  days?: number;
  /** Fixed issue time for the last few (weekend) notices. */
  issued?: string;
}

const P: Plan[] = [
  { state: "结案", customer: "sz-jinghua", type: "维修", product: "PLC-200", priority: "紧急" },
  { state: "结案", customer: "dg-hongli", type: "维护", product: "VFD-500" },
  { state: "结案", customer: "tj-bohai", type: "安装", product: "VFD-500", priority: "重要" },
  {
    state: "cancelled",
    customer: "hz-xinghua",
    type: "技术咨询",
    product: "SCADA-X",
    channel: "邮件",
  },
  { state: "结案", customer: "fs-meida", type: "调试", product: "SRV-300", priority: "重要" },
  { state: "结案", customer: "nb-haida", type: "维修", product: "HMI-700", priority: "紧急" },
  {
    state: "结案",
    customer: "sjz-huabei",
    type: "维修",
    product: "HMI-700",
    priority: "紧急",
    differs: "现场实际为触摸屏与 PLC 之间的通讯电缆被叉车压断，触摸屏本身完好",
  },
  {
    state: "结案",
    customer: "wx-tiancheng",
    type: "培训",
    product: "HMI-700",
    engineer: "chenjie",
    ratings: ["中", "中", "中"],
  },
  { state: "回访", customer: "gz-yuexin", type: "维修", product: "CNC-900", priority: "重要" },
  {
    state: "结案",
    customer: "bj-zhongke",
    type: "维修",
    product: "PLC-200",
    priority: "紧急",
    engineer: "liuyang",
    escalate: true,
  },
  { state: "结案", customer: "hz-xinghua", type: "维护", product: "PLC-200" },
  {
    state: "结案",
    customer: "tj-bohai",
    type: "维修",
    product: "VFD-500",
    priority: "紧急",
    engineer: "liuyang",
    ratings: ["良", "差", "差"],
  },
  {
    state: "结案",
    customer: "xm-haixin",
    type: "安装",
    product: "SRV-300",
    priority: "重要",
    overdue: true,
    engineer: "linfeng",
  },
  { state: "结案", customer: "sh-hengtong", type: "测试", product: "SCADA-X", engineer: "zhangwei" },
  {
    state: "回访",
    customer: "lz-xibei",
    type: "调试",
    product: "VFD-500",
    priority: "重要",
    engineer: "liuyang",
  },
  { state: "结案", customer: "fs-meida", type: "培训", product: "CNC-900" },
  {
    state: "结案",
    customer: "nb-haida",
    type: "调试",
    product: "HMI-700",
    engineer: "chenjie",
    change: true,
  },
  { state: "回访", customer: "sjz-huabei", type: "维护", product: "PLC-200", engineer: "maxin" },
  { state: "结案", customer: "sz-jinghua", type: "维护", product: "SCADA-X", engineer: "zhangwei" },
  { state: "已确认", customer: "dg-hongli", type: "维修", product: "SRV-300", priority: "紧急" },
  {
    state: "结案",
    customer: "wx-tiancheng",
    type: "安装",
    product: "PLC-200",
    priority: "重要",
    engineer: "zhangwei",
    delay: { reason: "C", approved: true, note: "客户厂房改造未完工，设备基础未做好，客户要求推迟", days: 3 },
  },
  {
    state: "回访",
    customer: "tj-bohai",
    type: "回访",
    product: "VFD-500",
    engineer: "maxin",
    differs: "客户反映另一台同型号变频器也偶发过压报警，通知单未写明",
  },
  { state: "结案", customer: "gz-yuexin", type: "维护", product: "HMI-700", engineer: "linfeng" },
  {
    state: "回访",
    customer: "hz-xinghua",
    type: "维修",
    product: "VFD-500",
    priority: "紧急",
    engineer: "chenjie",
  },
  {
    state: "已确认",
    customer: "bj-zhongke",
    type: "调试",
    product: "SCADA-X",
    engineer: "liuyang",
    overdue: true,
    delay: { reason: "D", approved: false, note: "现场网络改造，交换机到货晚一天", days: 1 },
  },
  {
    state: "结案",
    customer: "fs-meida",
    type: "维修",
    product: "CNC-900",
    priority: "重要",
    engineer: "huangyong",
    ratings: ["差", "良", "中"],
  },
  { state: "回访", customer: "sh-hengtong", type: "维护", product: "PLC-200", engineer: "zhangwei" },
  {
    state: "已确认",
    customer: "xm-haixin",
    type: "维修",
    product: "VFD-500",
    priority: "紧急",
    engineer: "linfeng",
    unsigned: true,
  },
  {
    state: "延期",
    customer: "lz-xibei",
    type: "安装",
    product: "PLC-200",
    priority: "重要",
    engineer: "liuyang",
    delay: {
      reason: "C",
      approved: true,
      note: "客户配电柜改造未完成，现场无法送电，客户书面要求延期",
      days: 6,
    },
  },
  {
    state: "回访",
    customer: "dg-hongli",
    type: "调试",
    product: "VFD-500",
    engineer: "huangyong",
    overdue: true,
    delay: { reason: "A", approved: false, note: "接单后因其他项目未能按预约到场", days: 1 },
  },
  {
    state: "已确认",
    customer: "sjz-huabei",
    type: "调试",
    product: "HMI-700",
    engineer: "maxin",
    ratings: ["中", "中", "中"],
  },
  { state: "完工", customer: "nb-haida", type: "维护", product: "SRV-300", engineer: "zhangwei" },
  {
    state: "已确认",
    customer: "sz-jinghua",
    type: "维修",
    product: "HMI-700",
    priority: "紧急",
    engineer: "chenjie",
    days: 3,
    ratings: ["良", "中", "良"],
  },
  {
    state: "完工",
    customer: "gz-yuexin",
    type: "培训",
    product: "SRV-300",
    engineer: "linfeng",
    transcribed: true,
  },
  {
    state: "延期",
    customer: "tj-bohai",
    type: "维修",
    product: "PLC-200",
    priority: "紧急",
    engineer: "maxin",
    escalate: true,
    differs: "现场两台 PLC 同时故障，第二台的 CPU 模块已损坏，需要备件",
    delay: { reason: "B", approved: true, note: "CPU 模块备件需从总部发货，预计 3 天到货", days: 5 },
  },
  {
    state: "已确认",
    customer: "xa-qinchuan",
    type: "维修",
    product: "CNC-900",
    priority: "重要",
    engineer: "maxin",
  },
  { state: "完工", customer: "wx-tiancheng", type: "维修", product: "SCADA-X", engineer: "zhangwei" },
  {
    state: "在建",
    customer: "xm-haixin",
    type: "安装",
    product: "VFD-500",
    priority: "重要",
    engineer: "huangyong",
    escalate: true,
  },
  { state: "完工", customer: "bj-zhongke", type: "回访", product: "PLC-200", engineer: "maxin" },
  {
    state: "延期",
    customer: "hz-xinghua",
    type: "调试",
    product: "PLC-200",
    engineer: "chenjie",
    delay: { reason: "A", approved: false, note: "接单后被临时调去支援其他项目，未能按预约到场", days: 3 },
  },
  { state: "派工", customer: "fs-meida", type: "维护", product: "CNC-900", engineer: "huangyong" },
  { state: "在建", customer: "sh-hengtong", type: "调试", product: "HMI-700", engineer: "zhangwei" },
  { state: "signed", customer: "sjz-huabei", type: "培训", product: "HMI-700" },
  {
    state: "派工",
    customer: "dg-hongli",
    type: "维修",
    product: "SRV-300",
    priority: "紧急",
    engineer: "linfeng",
  },
  { state: "signed", customer: "nb-haida", type: "测试", product: "PLC-200", issued: "2026-11-20 10:10" },
  {
    state: "unsigned",
    customer: "gz-yuexin",
    type: "技术咨询",
    product: "SCADA-X",
    issued: "2026-11-20 17:05",
  },
  {
    state: "unsigned",
    customer: "tj-bohai",
    type: "维修",
    product: "VFD-500",
    priority: "紧急",
    channel: "电话",
    issued: "2026-11-21 10:20",
  },
  {
    state: "unsigned",
    customer: "wx-tiancheng",
    type: "维护",
    product: "PLC-200",
    issued: "2026-11-22 15:40",
  },
];

// Issue days: the working days of Oct 8 – Nov 20, spread over the notices without a fixed time.
const workdays: string[] = [];
for (let d = "2026-10-08"; d <= "2026-11-20"; d = addDays(d, 1)) if (isWorkday(d)) workdays.push(d);
const spread = P.filter((p) => !p.issued).length;

// GM away on business: the supervisor signs (gmAbsent) on these days.
const GM_AWAY = ["2026-10-20", "2026-10-21"];

const letters: Letter[] = [];
const notices: Notice[] = [];
const busy = new Map<string, number>(); // engineer → end of his last job
const engineerFor = (c: Cust, product: string): Eng => {
  const region = c.region === "西北" ? "华北" : c.region;
  const candidates = engineerList.filter((e) => e.region === region);
  return [...candidates].sort(
    (a, b) =>
      Number(b.experts?.includes(product)) - Number(a.experts?.includes(product)) ||
      (busy.get(a.id) ?? 0) - (busy.get(b.id) ?? 0),
  )[0];
};
const expertOf = (product: string, not: string) =>
  engineerList.find((e) => e.id !== not && e.experts?.includes(product));

// ------------------------------------------------------------------ tiny PNG "scans" for attachments

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** A zlib stream of stored (uncompressed) blocks: the same bytes whatever zlib Node ships with. */
function stored(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let i = 0; i < data.length || i === 0; i += 65535) {
    const block = data.subarray(i, i + 65535);
    const head = Buffer.alloc(5);
    head[0] = i + 65535 >= data.length ? 1 : 0;
    head.writeUInt16LE(block.length, 1);
    head.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(head, block);
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

function png(width: number, height: number, draw: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = draw(x, y);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", stored(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
function scan(kindOf: "signature" | "photo"): Buffer {
  const a = 2 + rnd() * 3;
  const b = rnd() * 6;
  const w = kindOf === "signature" ? 160 : 96;
  const h = kindOf === "signature" ? 48 : 72;
  return png(w, h, (x, y) => {
    if (kindOf === "photo")
      return Math.round(90 + 60 * Math.sin(x / (a * 3) + b) * Math.cos(y / 9) + (x + y) / 3);
    const curve = h / 2 + (h / 3) * Math.sin(x / (a * 4) + b) * Math.cos(x / 23);
    return Math.abs(y - curve) < 1.6 ? 20 : 250;
  });
}
function attach(letterId: string, name: string, data: Buffer) {
  const path = `attachments/${letterId}/${name}`;
  attachments.set(path, data);
  return { path, sha256: createHash("sha256").update(data).digest("hex"), name };
}

// ------------------------------------------------------------------ notices and letters

const GOOD: Grade[] = ["优", "优", "优", "良", "良", "良", "良", "中"];
let spreadIndex = 0;
// D18 surveys: which of the surveyed letters (in plan order) are the special ones.
const SURVEY = { disagree: 3, notSigned: 6, unreachable: 9 };
let surveyNo = 0;
let disagreed = false;
let transcribedDone = false;
for (const plan of P) {
  const c = cust(plan.customer);
  const requester = c.region === "华北" || c.region === "西北" ? salesNorth : salesEast;
  let issuedAt: number;
  if (plan.issued) issuedAt = at(plan.issued.slice(0, 10), plan.issued.slice(11));
  else {
    const d = workdays[Math.floor((spreadIndex++ * workdays.length) / spread)];
    issuedAt = at(d, "09:00") + int(0, 7 * 60) * MIN;
  }
  const issueDay = day(issuedAt);
  const what = content(plan.type, plan.product);
  const priority = plan.priority ?? "一般";
  const notice: Notice = {
    kind: "notice",
    id: makeId("notice", issueDay),
    customer: c.id,
    contact: { ...c.contact },
    region: c.region,
    address: c.address,
    type: plan.type,
    priority,
    channel: plan.channel ?? pick(["电话", "电话", "邮件", "在线"] as const),
    content: what.content,
    site: what.site,
    ...(what.fault ? { fault: what.fault } : {}),
    equipment: `${productName(plan.product)}${plan.type === "安装" ? "（新购）" : ""}`,
    product: plan.product,
    issued: { by: requester.id, at: iso(issuedAt) },
  };
  notices.push(put(notice));
  if (plan.state === "unsigned") continue;
  if (plan.state === "cancelled") {
    notice.cancelled = {
      by: requester.id,
      at: iso(office(issuedAt + int(20, 30) * HOUR)),
      reason: "客户来电告知已按邮件资料自行解决，无需派人，通知单作废",
    };
    continue;
  }
  const signedAt = office(issuedAt + (priority === "紧急" ? int(15, 50) * MIN : int(1, 5) * HOUR));
  const away = GM_AWAY.includes(day(signedAt));
  notice.signature = { by: away ? sup.id : gm.id, at: iso(signedAt), gmAbsent: away };
  if (plan.state === "signed") continue;

  // ---- the letter
  const e = plan.engineer ? eng(plan.engineer) : engineerFor(c, plan.product);
  const assignedAt = office(signedAt + int(30, 150) * MIN);
  const letter: Letter = {
    kind: "letter",
    id: makeId("letter", day(assignedAt)),
    notice: notice.id,
    engineer: e.id,
    status: plan.state,
    assigned: { by: sup.id, at: iso(assignedAt) },
    preparation: { tools: ["U盘", "螺丝刀", "笔记本电脑"] },
    estimate: "",
    log: [],
  };
  const travelling = c.city !== e.base;
  const far = c.region !== e.region;
  const [dmin, dmax] = DAYS[plan.type];
  let days = plan.days ?? int(dmin, dmax);
  // Appointment: the next day or two (urgent jobs the next morning, or the same afternoon locally).
  let apptDay = addDays(day(assignedAt), priority === "紧急" ? 1 : int(1, 3));
  if (!travelling && priority === "紧急" && hm(assignedAt) < "12:00") apptDay = day(assignedAt);
  while (weekday(apptDay) === 0 || (weekday(apptDay) === 6 && !isWorkday(apptDay)))
    apptDay = addDays(apptDay, 1);
  let appt = at(apptDay, apptDay === day(assignedAt) ? "14:00" : far ? "10:30" : "09:30");
  if (plan.state === "在建")
    days = Math.max(days, (Date.parse(`2026-11-24`) - Date.parse(apptDay)) / DAY + 1);
  if (plan.state === "派工") {
    apptDay = priority === "紧急" ? "2026-11-23" : addDays("2026-11-23", int(1, 3));
    appt = at(apptDay, priority === "紧急" ? "14:00" : "09:30");
  }
  const lastDay = addDays(apptDay, days - 1);
  const estimate = at(lastDay, "18:00");
  letter.estimate = iso(estimate);

  const siteAt = office(assignedAt + int(40, 180) * MIN);
  // D17: on urgent and important jobs the engineer phones the customer as soon as he is assigned
  // (svc ack) — the response clock stops there, before the site confirmation.
  if (priority !== "一般")
    letter.ack = {
      by: e.id,
      at: iso(assignedAt + 10 * MIN),
      text: `已电话联系${c.contact.name}，了解故障现象，约定服务时间`,
    };
  const confirmSite = plan.state !== "派工" || letters.filter((l) => l.status === "派工").length === 0;
  if (confirmSite) {
    letter.site = plan.differs
      ? {
          matches: false,
          difference: plan.differs,
          followUp: `已电话告知下达人${requester.name}，${requester.name}同意按现场实际情况处理并已与客户确认`,
          by: e.id,
          at: iso(siteAt),
        }
      : { matches: true, by: e.id, at: iso(siteAt) };
    letter.preparation.solution = solution(plan.type, plan.product);
  }
  letter.preparation.documents = [
    `${productName(plan.product)} 用户手册`,
    `${productName(plan.product)} 故障代码表`,
  ];
  const part = FAULTS[plan.product].parts;
  if (plan.type === "维修" && part) letter.preparation.spareParts = [part];
  if (plan.type === "维护") letter.preparation.spareParts = ["散热风扇 1 个", "端子排若干"];
  letter.preparation.tools.push(...(plan.type === "维修" ? ["万用表", "示波器"] : ["万用表"]));
  if (plan.state !== "派工" || confirmSite) letter.appointment = iso(appt);
  if (travelling) {
    letter.travel = {
      destination: `${c.city}（${c.short}）`,
      region: c.region,
      days: days + (far ? 2 : 1) - (far ? 0 : 1),
    };
  }
  if (plan.state === "派工") {
    letters.push(put(letter));
    continue;
  }
  const approvedAt = office(siteAt + int(30, 120) * MIN);
  letter.approval = { by: sup.id, at: iso(approvedAt) };
  if (letter.travel && (far || days > 1) && chance(0.6))
    letter.travel.advance = pick([1000, 1500, 2000, 3000]);

  // ---- delays and the actual service days
  let serviceStart = appt;
  let actualLast = lastDay;
  const delays: NonNullable<Letter["delays"]> = [];
  if (plan.delay) {
    const askedAt =
      plan.delay.reason === "A"
        ? appt + 2 * HOUR
        : plan.delay.reason === "B"
          ? at(day(appt), "18:30")
          : Math.min(office(approvedAt + int(2, 5) * HOUR), appt - HOUR);
    const from = plan.state === "延期" && lastDay < "2026-11-23" ? "2026-11-23" : lastDay;
    const until = at(addDays(from, plan.delay.days), "18:00");
    const dl: NonNullable<Letter["delays"]>[number] = {
      reason: plan.delay.reason,
      until: iso(until),
      note: plan.delay.note,
      by: e.id,
      at: iso(askedAt),
    };
    if (plan.delay.approved) dl.approval = { by: sup.id, at: iso(office(askedAt + int(1, 3) * HOUR)) };
    delays.push(dl);
    letter.delays = delays;
    if (plan.state !== "延期") {
      serviceStart = at(addDays(apptDay, plan.delay.days), far ? "10:30" : "09:30");
      actualLast = addDays(lastDay, plan.delay.days);
    }
  }
  if (plan.overdue && !plan.delay) actualLast = addDays(lastDay, 1);
  if (plan.overdue && plan.delay?.approved)
    throw new Error("an approved B/C/D extension would excuse the overdue letter");

  const departed = far ? addDays(day(serviceStart), -1) : day(serviceStart);
  const onSiteDays: string[] = [];
  if (plan.state !== "延期" || plan.delay?.reason === "B")
    for (let d = day(serviceStart); d <= actualLast; d = addDays(d, 1)) onSiteDays.push(d);
  if (letter.travel && onSiteDays.length) letter.travel.departed = departed;
  // Waiting for spare parts (reason B), the engineer came back; the trip so far is finished.
  if (letter.travel && plan.state === "延期" && onSiteDays.length)
    letter.travel.returned = addDays(actualLast, 1);
  const done = ["完工", "已确认", "回访", "结案"].includes(plan.state);
  const waitingParts = plan.state === "延期" && plan.delay?.reason === "B";
  const log = letter.log;
  const arrival = `到达${c.short}现场，与${c.contact.name}对接，${
    letter.site?.matches === false ? "按与下达人确认的方案处理" : "现场情况与通知单一致"
  }`;
  // D17: on site (svc arrive) as the first service day begins — the arrival clock stops there.
  if (onSiteDays.length && serviceStart <= NOW) letter.arrival = { by: e.id, at: iso(serviceStart) };
  onSiteDays.forEach((d, i) => {
    const t0 = i === 0 ? serviceStart : at(d, "08:30");
    if (t0 > NOW) return;
    if (i === 0) log.push({ at: iso(t0 + 10 * MIN), by: e.id, type: "记录", text: arrival });
    if (plan.escalate && i === 0) {
      const expert = expertOf(plan.product, e.id);
      log.push({
        at: iso(at(d, "15:20")),
        by: e.id,
        type: "上报",
        to: expert && expert.id !== e.id ? `产品专家 ${expert.name}` : "公司研发部",
        text: `疑难问题书面上报：${plan.type === "维修" ? FAULTS[plan.product].fault : "变频器与上位机通讯频繁掉线，更换网线和调整通讯参数后仍未解决"}，电话无法解决。已拍照记录现象和接线情况，请求支持。`,
        attachments: [attach(letter.id, "现场照片-1.png", scan("photo"))],
      });
    }
    const endOfDay = at(d, i === onSiteDays.length - 1 && done ? "15:40" : "17:20");
    if (endOfDay <= NOW)
      log.push({
        at: iso(endOfDay),
        by: e.id,
        type: "记录",
        text:
          waitingParts && i === onSiteDays.length - 1
            ? "第一台 PLC 已修复并恢复运行；第二台 CPU 模块损坏，备件到货前无法修复，经主管同意先返回公司"
            : workLog(plan.type, plan.product, i + 1, done ? onSiteDays.length : onSiteDays.length + 1),
      });
    const tripDay = Math.round((Date.parse(d) - Date.parse(departed)) / DAY) + 1;
    // Check-ins happen while the letter is open (svc checkin is refused once it is closed): on the
    // day it closes, the engineer reports at noon.
    const closingDay = i === onSiteDays.length - 1 && done;
    const checkin = at(d, closingDay ? "12:30" : "20:30");
    if (letter.travel && tripDay % 2 === 0 && checkin <= NOW)
      log.push({
        at: iso(checkin),
        by: e.id,
        type: "汇报",
        text: `电话向主管汇报：出差第 ${tripDay} 天，${closingDay ? "服务进行中，预计今天完工" : waitingParts && i === onSiteDays.length - 1 ? "等待备件，明早返程" : "服务进行中，进度正常"}`,
      });
  });
  if (plan.state === "延期" && plan.delay?.reason !== "B") {
    const t = wall(delays[0].at);
    log.push({
      at: iso(t + 5 * MIN),
      by: e.id,
      type: "记录",
      text: `电话通知主管：${plan.delay?.note}，已与客户${c.contact.name}约定延至${md(wall(delays[0].until))}`,
    });
  }
  if (plan.change) {
    const t = at(day(serviceStart), "11:00");
    letter.changes = [
      {
        description: "客户要求将原定 7 寸 HMI-700 改为 10 寸型号，并增加报警画面和配方管理画面",
        by: e.id,
        at: iso(t),
        customerConfirmation: {
          name: c.contact.name,
          at: iso(t + 40 * MIN),
          file: attach(letter.id, "客户更改确认单.png", scan("signature")),
        },
        gmApproval: { by: gm.id, at: iso(t + 3 * HOUR) },
      },
    ];
    log.push({
      at: iso(t + 3 * HOUR + 15 * MIN),
      by: e.id,
      type: "记录",
      text: "总经理已批准客户更改要求，按 10 寸屏重新组态画面，差价由销售另行与客户结算",
    });
  }
  log.sort((a, b) => a.at.localeCompare(b.at));
  busy.set(e.id, at(actualLast, "18:00"));

  if (plan.state === "在建" || plan.state === "延期") {
    letters.push(put(letter));
    continue;
  }

  // ---- completion, return, confirmation, follow-up, archive
  const completedAt = at(actualLast, "16:00") + int(0, 30) * MIN;
  const ratings = plan.ratings ?? [pick(GOOD), pick(GOOD), pick(GOOD)];
  const scanIt = chance(0.5);
  letter.completion = {
    at: iso(completedAt),
    by: e.id,
    ...(plan.unsigned
      ? { unsigned: true }
      : {
          ratings: { attitude: ratings[0], skill: ratings[1], result: ratings[2] },
          signature: {
            signedBy: c.contact.name,
            ...(scanIt ? { file: attach(letter.id, "客户签字.png", scan("signature")) } : {}),
          },
          unsigned: false,
        }),
  };
  if (plan.transcribed && !transcribedDone) {
    // The rating sheet came back on paper; the supervisor typed it in for the engineer.
    letter.completion.as = sup.id;
    letter.completion.backdated = true;
    transcribedDone = true;
  }
  if (plan.unsigned)
    log.push({
      at: iso(completedAt - 5 * MIN),
      by: e.id,
      type: "记录",
      text: `完工时${c.contact.name}临时外出，客户现场无人签字，评价单未能签回`,
    });
  const returnAt = completedAt + int(20, 50) * MIN;
  letter.return = {
    by: e.id,
    at: iso(returnAt),
    plan: travelling ? (far ? "明早乘高铁返回" : "当晚乘高铁返回") : "服务完毕返回公司",
    agreedBy: sup.id,
  };
  if (letter.travel) letter.travel.returned = far ? addDays(actualLast, 1) : actualLast;
  if (chance(0.35) || plan.change)
    letter.market = [
      pick([
        { topic: "采购计划", content: `${c.short}明年计划新增一条产线，需 PLC 和伺服约 20 套，已告知销售` },
        { topic: "竞品信息", content: `${c.short}另一车间使用进口品牌变频器，故障率偏高，客户有替换意向` },
        { topic: "客户建议", content: "客户希望提供中文版故障代码速查卡，并增加远程诊断服务" },
        { topic: "备件需求", content: `${c.short}希望常备一套易损件，请销售报价` },
      ]),
    ];
  const confirmedAt = office(
    at(nextWorkday(letter.travel?.returned ?? actualLast), "10:00") + int(0, 90) * MIN,
  );
  if (plan.state !== "完工") letter.confirmation = { by: sup.id, at: iso(confirmedAt) };
  if (plan.state === "回访" || plan.state === "结案") {
    const followAt = office(at(addDays(day(confirmedAt), int(4, 7)), "14:30") + int(0, 90) * MIN);
    letter.followup = {
      by: sup.id,
      at: iso(followAt),
      note:
        ratings.includes("差") || ratings.includes("中")
          ? `电话回访${c.contact.name}：设备已正常运行，客户对服务${ratings.includes("差") ? "有意见，已记录并反馈" : "基本满意，希望响应再快一些"}`
          : `电话回访${c.contact.name}：设备运行正常，客户对服务满意`,
    };
    // D18: the sales admin's 回访 survey half an hour after the follow-up call; one disagrees with the
    // engineer's ratings, one customer did not sign personally, one cannot be reached in 3 tries.
    const r = letter.completion?.ratings;
    const n = surveyNo++;
    const surveyAt = followAt + 30 * MIN;
    if (n === SURVEY.unreachable)
      letter.survey = {
        by: admin.id,
        at: iso(surveyAt + 2 * HOUR),
        reached: false,
        attempts: [iso(surveyAt), iso(surveyAt + HOUR), iso(surveyAt + 2 * HOUR)],
      };
    else if (r) {
      const disagree =
        n >= SURVEY.disagree &&
        !disagreed &&
        [r.attitude, r.skill, r.result].every((g) => g === "优" || g === "良");
      if (disagree) disagreed = true;
      letter.survey = {
        by: admin.id,
        at: iso(surveyAt),
        reached: true,
        attempts: [iso(surveyAt)],
        signedPersonally: n !== SURVEY.notSigned,
        explained: !disagree,
        ratings: disagree
          ? { attitude: "中", quality: "中", speed: "差" }
          : { attitude: r.attitude, quality: r.result, speed: r.skill },
        ...(disagree
          ? { comment: "客户表示现场问题拖了两天才解决，工程师未讲解操作，对服务不满意" }
          : n === SURVEY.notSigned
            ? { comment: "客户称当天由值班员代签，本人未签字" }
            : {}),
      };
    }
    if (plan.state === "结案")
      letter.archive = { by: admin.id, at: iso(office(followAt + int(20, 50) * HOUR)) };
  }
  letters.push(put(letter));
}

// ------------------------------------------------------------------ the unplanned letter

{
  // On a two-day trip, the customer asked zhangwei to look at a servo on another line after hours.
  const host = letters.find(
    (l) =>
      l.engineer === "zhangwei" &&
      l.status === "结案" &&
      l.travel?.departed &&
      l.travel.returned! > l.travel.departed,
  );
  if (!host) throw new Error("no two-day trip of zhangwei to host the unplanned work");
  const c = cust(notices.find((n) => n.id === host.notice)!.customer);
  const d = host.travel!.departed!;
  const start = at(d, "17:35");
  const done = at(d, "19:05");
  const countersign = office(at(nextWorkday(host.travel!.returned!), "10:00") + 75 * MIN);
  letters.push(
    put({
      kind: "letter",
      id: makeId("letter", d),
      unplanned: {
        customer: c.id,
        content: `${c.short}现场临时要求检查另一条产线的 SRV-300 伺服报警 AL.16（过载），非原通知单内容`,
        countersign: { by: sup.id, at: iso(countersign) },
      },
      engineer: "zhangwei",
      status: "已确认",
      assigned: { by: "zhangwei", at: iso(start) },
      site: { matches: true, by: "zhangwei", at: iso(start + 5 * MIN) },
      preparation: {
        solution: "检查负载惯量与增益参数，排查机械卡滞",
        tools: ["U盘", "螺丝刀", "笔记本电脑", "万用表"],
      },
      estimate: iso(at(d, "19:30")),
      log: [
        {
          at: iso(start + 10 * MIN),
          by: "zhangwei",
          type: "记录",
          text: "电话请示主管同意后处理。检查发现丝杠润滑不足导致负载增大，加注润滑脂，增益参数下调 10%",
        },
        {
          at: iso(done - 5 * MIN),
          by: "zhangwei",
          type: "记录",
          text: "试运行 1 小时无报警，客户签字确认",
        },
      ],
      completion: {
        at: iso(done),
        by: "zhangwei",
        ratings: { attitude: "优", skill: "优", result: "良" },
        signature: { signedBy: c.contact.name },
        unsigned: false,
      },
      confirmation: { by: sup.id, at: iso(countersign + 5 * MIN) },
    }),
  );
}

// ------------------------------------------------------------------ incidents

const letterOf = (plan: (p: Plan) => boolean) => {
  const i = P.filter((p) => !["unsigned", "cancelled", "signed"].includes(p.state)).findIndex(plan);
  return letters[i];
};
{
  const l = letterOf((p) => p.customer === "tj-bohai" && p.ratings?.[1] === "差");
  const d = day(wall(l.completion!.at));
  l.log.push({
    at: iso(at(d, "10:40")),
    by: l.engineer,
    type: "上报",
    to: "公司研发部",
    text: "恢复出厂设置前未备份参数，主传动线停机，现场无法恢复原参数，请求研发远程支持",
  });
  l.log.push({
    at: iso(at(d, "14:50")),
    by: l.engineer,
    type: "记录",
    text: "在研发远程协助下恢复全部参数，主传动线停机约 6 小时后恢复生产",
  });
  l.log.sort((a, b) => a.at.localeCompare(b.at));
  const opened = at(d, "11:05"); // the supervisor acts at once on the written report
  const reflected = office(opened + 20 * HOUR);
  put<Incident>({
    kind: "incident",
    id: makeId("incident", day(opened)),
    class: "I",
    engineer: l.engineer,
    date: d,
    cause:
      "维修变频器时未备份参数即执行恢复出厂设置，导致主传动线停机约 6 小时；客户副总经理向我公司副总裁投诉。主管当即协调研发远程支持，恢复参数后复产",
    letter: l.id,
    opened: { by: sup.id, at: iso(opened) },
    reflection: {
      text: "本人未按操作规程先备份参数再操作，心存侥幸，造成客户停产。今后任何参数修改前先备份到 U 盘和笔记本电脑，并向客户说明风险、取得同意",
      by: l.engineer,
      at: iso(reflected),
    },
    notification: {
      text: `通报：${eng(l.engineer).name}在${cust("tj-bohai").short}维修中违反操作规程造成客户停产，定为 I 类事故，按制度扣款。全体服务人员须严格执行“先备份、后操作”`,
      by: sup.id,
      at: iso(office(reflected + 26 * HOUR)),
    },
  });
}
let salesIncident: { incident: Incident; letter: Letter; opened: number } | undefined;
{
  const l = letterOf((p) => p.customer === "fs-meida" && p.ratings?.[0] === "差");
  const d = day(wall(l.completion!.at));
  const opened = office(at(d, "18:00"));
  const reflected = office(opened + 22 * HOUR);
  salesIncident = { letter: l, opened, incident: undefined as unknown as Incident };
  salesIncident.incident = put<Incident>({
    kind: "incident",
    id: makeId("incident", day(opened)),
    class: "II",
    engineer: l.engineer,
    date: d,
    cause: "客户向我公司销售经理投诉：服务人员未按预约时间到场且未提前告知，现场沟通态度生硬",
    letter: l.id,
    opened: { by: sup.id, at: iso(opened) },
    reflection: {
      text: "未提前告知客户行程变化，与客户沟通时不够耐心。今后行程变化第一时间通知客户联系人和销售",
      by: l.engineer,
      at: iso(reflected),
    },
    notification: {
      text: `通报：${eng(l.engineer).name}因未按预约到场、沟通不当被客户投诉至销售经理，定为 II 类事故`,
      by: sup.id,
      at: iso(office(reflected + 20 * HOUR)),
    },
  });
}
{
  const l = letterOf((p) => p.customer === "sz-jinghua" && p.ratings?.[1] === "中" && p.state === "已确认");
  const d = day(wall(l.completion!.at) - DAY);
  // The company had to send the product expert: the problem was not reported in time.
  l.log.push({
    at: iso(at(d, "13:30")),
    by: l.engineer,
    type: "记录",
    text: "触摸屏程序丢失，自行处理一天未果；公司另派产品专家张伟到场协助，已恢复画面程序",
  });
  l.log.sort((a, b) => a.at.localeCompare(b.at));
  const opened = office(at(addDays(d, 1), "16:50"));
  put<Incident>({
    kind: "incident",
    id: makeId("incident", day(opened)),
    class: "II",
    engineer: l.engineer,
    date: d,
    cause: "现场触摸屏程序丢失，服务人员未当天书面上报，自行处理一天未果，公司只得另派产品专家到场",
    letter: l.id,
    opened: { by: sup.id, at: iso(opened) },
    reflection: {
      text: "遇到无法解决的问题没有当天书面上报，想自己解决，耽误了客户生产。今后严格执行当天上报制度",
      by: l.engineer,
      at: iso(office(opened + int(20, 28) * HOUR)),
    },
  });
}

// ------------------------------------------------------------------ training exams

function onTrip(engineer: string, d: string): boolean {
  return letters.some(
    (l) =>
      l.engineer === engineer &&
      l.travel?.departed &&
      l.travel.departed <= d &&
      (l.travel.returned ?? "9999") >= d,
  );
}
for (const [d, title, failing] of [
  ["2026-10-22", "PLC-200 编程与常见故障诊断", "maxin"],
  ["2026-11-13", "VFD-500 变频器参数调试与矢量控制", ""],
] as const) {
  const attendees = engineerList.filter((e) => !onTrip(e.id, d) || e.id === failing);
  if (attendees.length < 3) throw new Error(`too few engineers at the exam of ${d}`);
  if (failing && onTrip(failing, d)) throw new Error(`${failing} travels on ${d}`);
  put<Exam>({
    kind: "exam",
    id: makeId("exam", d),
    date: d,
    title,
    results: attendees.map((e) => {
      const score = e.id === failing ? 52 : int(68, 96);
      return { person: e.id, score, passed: score >= 60 };
    }),
    recorded: { by: sup.id, at: iso(at(d, "17:30")) },
  });
}

// ------------------------------------------------------------------ weekly reports

const saturdays: string[] = [];
for (let d = "2026-10-03"; d <= "2026-11-21"; d = addDays(d, 7)) saturdays.push(d);
const LATE = { week: "2026-10-24", engineer: "huangyong", at: "19:30" };
const MISSING = { week: "2026-11-14", engineer: "liuyang" };
const noticeOf = (l: Letter) => notices.find((n) => n.id === l.notice);
const customerOf = (l: Letter) => cust(l.unplanned?.customer ?? noticeOf(l)!.customer);
const inWeek = (iso8: string | undefined, sat: string) =>
  Boolean(iso8 && iso8.slice(0, 10) >= addDays(sat, -5) && iso8.slice(0, 10) <= sat);

/** Next week's plan as the engineer saw it on Saturday: unfinished jobs, then new appointments. */
function planText(mine: Letter[], sat: string): string {
  const end = `${sat}T23:59`;
  const items: string[] = [];
  for (const l of mine) {
    const started = l.log.some((x) => x.at <= end && x.type === "记录");
    const finished = Boolean(l.completion && l.completion.at <= end);
    const c = customerOf(l).short;
    const type = noticeOf(l)?.type ?? "服务";
    if (l.assigned.at > end || finished) continue;
    if (started && !(l.travel?.returned && l.travel.returned <= sat)) items.push(`继续${c}${type}`);
    else if (started) items.push(`备件到货后再赴${c}完成${type}`);
    else if (l.appointment && inWeek(l.appointment, addDays(sat, 7)))
      items.push(`前往${c}${type}（${md(wall(l.appointment))}）`);
  }
  return items.length ? items.join("；") : vary(`${mine[0]?.engineer}${sat}`, IDLE_PLANS);
}

// Variety for quiet weeks, chosen by a hash (not the random stream, which fixes every id).
const IDLE_PLANS = [
  "待命接单，学习产品资料",
  "整理本月服务资料和客户档案",
  "电话回访本区域老客户，了解设备运行情况",
  "学习新版产品手册，准备部门内部培训",
  "值班电话支持，整理常见故障处理记录",
];
const IDLE_WEEKS = [
  "本周在公司值班，电话支持客户，整理产品技术资料",
  "本周电话支持客户 3 次，均远程解决；整理服务报告",
  "本周在公司测试备件库存样机，更新故障代码速查表",
  "本周协助销售做技术交流，电话支持客户 2 次",
];
function vary(key: string, list: string[]): string {
  const h = createHash("sha256").update(key).digest();
  return list[h[0] % list.length];
}

for (const sat of saturdays) {
  for (const e of engineerList) {
    if (sat === MISSING.week && e.id === MISSING.engineer) continue;
    const mine = letters.filter((l) => l.engineer === e.id);
    const worked = mine.filter(
      (l) =>
        l.log.some((x) => inWeek(x.at, sat)) || inWeek(l.completion?.at, sat) || inWeek(l.assigned.at, sat),
    );
    const lines = worked.map((l) => {
      const c = customerOf(l);
      const type = l.unplanned ? "现场临时服务" : noticeOf(l)!.type;
      const state = inWeek(l.completion?.at, sat)
        ? `已完工，客户评价 ${l.completion?.ratings ? Object.values(l.completion.ratings).join("/") : "未签回"}`
        : (l.delays ?? []).some((d) => inWeek(d.at, sat))
          ? `申请延期（原因 ${l.delays!.find((d) => inWeek(d.at, sat))!.reason}）：${l.delays!.find((d) => inWeek(d.at, sat))!.note}`
          : l.log.some((x) => inWeek(x.at, sat) && x.type !== "汇报")
            ? "现场服务中"
            : "已接单，正在准备";
      return `${c.short} ${type}（${l.id}）：${state}`;
    });
    const examThisWeek = out.find((r) => r.kind === "exam" && inWeek(`${(r.data as Exam).date}T00:00`, sat))
      ?.data as Exam | undefined;
    if (examThisWeek?.results.some((r) => r.person === e.id))
      lines.push(`参加${examThisWeek.title}培训及考核`);
    const travelling = onTrip(e.id, sat) || onTrip(e.id, addDays(sat, -1));
    let submitted =
      sat === "2026-10-03"
        ? at("2026-09-30", "17:10") + int(0, 15) * MIN // before the National Day holiday
        : travelling
          ? at(addDays(sat, -1), "21:00") + int(0, 50) * MIN
          : at(sat, "15:00") + int(0, 170) * MIN;
    if (sat === LATE.week && e.id === LATE.engineer) submitted = at(sat, LATE.at);
    put<Weekly>({
      kind: "weekly",
      id: periodicId.weekly(sat, e.id),
      engineer: e.id,
      week: sat,
      summary: lines.length
        ? lines.map((s, i) => `${i + 1}. ${s}`).join("\n")
        : sat === "2026-10-03"
          ? "国庆假期前整理上季度服务资料，值班电话支持客户 2 次"
          : vary(`${e.id}${sat}`, IDLE_WEEKS),
      plan: planText(mine, sat),
      ...(worked.some((l) => l.status === "延期")
        ? { problems: "延期项目等待客户条件或备件，已报主管" }
        : {}),
      letters: worked.map((l) => l.id),
      submitted: iso(submitted),
      by: e.id,
    });
  }
  // The supervisor's department weekly report, Sunday before 18:00.
  const issued = notices.filter((n) => inWeek(n.issued.at, sat)).length;
  const assigned = letters.filter((l) => !l.unplanned && inWeek(l.assigned.at, sat)).length;
  const completed = letters.filter((l) => inWeek(l.completion?.at, sat));
  const incidents = out.filter(
    (r) => r.kind === "incident" && inWeek(`${(r.data as Incident).date}T00:00`, sat),
  );
  const sunday = addDays(sat, 1);
  put<DepartmentWeekly>({
    kind: "department-weekly",
    id: periodicId.departmentWeekly(sat),
    week: sat,
    summary: [
      `本周受理服务通知单 ${issued} 张，派工 ${assigned} 份，完工 ${completed.length} 份。`,
      completed.length
        ? `完工项目：${completed.map((l) => `${customerOf(l).short}（${eng(l.engineer).name}）`).join("、")}。`
        : "本周无完工项目。",
      incidents.length
        ? `本周发生事故 ${incidents.length} 起：${incidents.map((r) => `${(r.data as Incident).class}类（${eng((r.data as Incident).engineer).name}）`).join("、")}，已按制度处理。`
        : "本周无事故。",
    ].join("\n"),
    plan: "跟进在建及延期项目，督促服务人员按时提交周报和服务记录",
    submitted: iso(at(sunday, "10:00") + int(0, 6 * 60) * MIN),
    by: sup.id,
  });
}

// ------------------------------------------------------------------ monthly report (October)

{
  const oct = (s?: string) => Boolean(s?.startsWith("2026-10"));
  const done = letters.filter((l) => oct(l.completion?.at));
  put({
    kind: "monthly",
    id: periodicId.monthly("2026-10"),
    month: "2026-10",
    summary: `10 月受理服务通知单 ${notices.filter((n) => oct(n.issued.at)).length} 张，完工责任书 ${done.length} 份；发生 I 类事故 1 起，已通报。国庆假期后服务需求集中，华北区人手偏紧。`,
    submitted: iso(at("2026-11-03", "15:30")),
    by: sup.id,
  });
}

// ------------------------------------------------------------------ GM decisions: the tier history

for (const [who, tier, effective, decided] of [
  ["zhangwei", "二等", "2021-10-01", "2021-09-28"],
  ["zhangwei", "一等", "2022-04-01", "2022-03-29"],
  ["liuyang", "二等", "2023-06-01", "2023-05-30"],
  ["liuyang", "一等", "2023-12-01", "2023-11-28"],
  ["huangyong", "二等", "2023-11-01", "2023-10-30"],
  ["huangyong", "一等", "2024-05-01", "2024-04-28"],
  ["chenjie", "二等", "2026-04-01", "2026-03-30"],
  ["linfeng", "二等", "2026-05-01", "2026-04-28"],
  ["linfeng", "一等", "2026-11-01", "2026-10-30"],
] as const) {
  put({
    kind: "decision",
    id: makeId("decision", decided),
    person: who,
    decision: "升档",
    tier,
    effective,
    reason:
      tier === "二等"
        ? "入职满六个月，无事故、无扣款，通过部门考核"
        : "二等满六个月（入职满一年），无事故、无扣款，通过部门考核",
    decided: { by: gm.id, at: iso(at(decided, "16:00")) },
  });
}

// ------------------------------------------------------------------ corrections (D15), one of each
// Made after everything else (they draw on no random numbers, so the records above stay as they were):
// a signed notice corrected (an amendment), an appointment moved (改约), an open letter reassigned
// (改派), the customer's ratings corrected with the re-signed form (an amendment with the form
// attached), a signature marked forged after the supervisor's confirmation (D7 refined: the engineer's
// −150 only), a notice cancelled with its 派工 letter (another cancelled notice, without a letter, is
// in the plan above).
{
  const before = (a: string, b: string) => wall(a) < wall(b);
  const later = (...xs: (string | undefined)[]) =>
    xs.filter((x): x is string => Boolean(x)).reduce((a, b) => (before(a, b) ? b : a));
  const stepsOf = (l: Letter) =>
    later(
      l.assigned.at,
      l.site?.at,
      l.approval?.at,
      ...l.log.map((x) => x.at),
      ...(l.delays ?? []).map((d) => d.at),
    );

  // 改约: an open letter whose appointment moved by a day, both before now
  // (chenjie's 延期 letter; the records the tests plant their cases on stay as they were)
  const moved = letters.find(
    (l) =>
      l.status === "延期" && l.engineer === "chenjie" && l.appointment && wall(l.appointment) + DAY < NOW,
  );
  if (!moved?.appointment) throw new Error("no letter to reschedule");
  const was = moved.appointment;
  moved.appointment = iso(wall(was) + DAY);
  moved.appointments = [
    {
      from: was,
      to: moved.appointment,
      reason: "客户临时停产检修，改约至次日",
      by: moved.engineer,
      at: iso(Math.max(wall(moved.assigned.at) + HOUR, wall(was) - 3 * HOUR)),
    },
  ];

  // 改派: an open letter (not the one above) handed to another engineer of the region
  const handed = letters.find(
    (l) =>
      l !== moved && l.status === "延期" && l.engineer === "liuyang" && wall(stepsOf(l)) + 2 * HOUR < NOW,
  );
  if (!handed) throw new Error("no letter to reassign");
  const from = eng(handed.engineer);
  const to =
    engineerList.find((e) => e.id !== from.id && e.region === from.region) ??
    engineerList.find((e) => e.id !== from.id)!;
  const handedAt = iso(wall(stepsOf(handed)) + HOUR);
  handed.reassignments = [
    { from: from.id, to: to.id, reason: `${from.name}病假，改派${to.name}`, by: sup.id, at: handedAt },
  ];
  handed.engineer = to.id;

  // 更正 of a signed notice: the contact's phone, typed wrong by the requester
  const wrong = notices.find((n) => n.signature && !n.cancelled && wall(n.signature.at) + DAY < NOW)!;
  const phone = wrong.contact.phone.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
  put({
    kind: "amendment",
    id: makeId("amendment", day(wall(wrong.signature!.at) + HOUR)),
    target: wrong.id,
    reason: "下达人录错联系电话，客户来电更正",
    changes: [{ path: "/contact/phone", before: wrong.contact.phone, after: phone }],
    at: iso(wall(wrong.signature!.at) + HOUR),
    by: sup.id,
  });
  wrong.contact.phone = phone;

  // the customer's ratings corrected, with the re-signed form attached
  const rerated = letters.find(
    (l) =>
      l.confirmation &&
      l.completion?.ratings &&
      !l.completion.unsigned &&
      l.completion.ratings.result === "良" &&
      l.completion.ratings.attitude === "优" &&
      l.completion.ratings.skill === "优",
  );
  if (!rerated?.completion?.ratings) throw new Error("no letter to re-rate");
  const old = rerated.completion.ratings;
  const fresh = { ...old, result: "优" as Grade };
  const form = attach(rerated.id, "客户重签评价表.png", scan("signature"));
  put({
    kind: "amendment",
    id: makeId("amendment", day(wall(rerated.confirmation!.at) + HOUR)),
    target: rerated.id,
    reason: "客户补充：设备已稳定运行，结果评价由良改为优（客户重新签字）",
    changes: [{ path: "/completion/ratings", before: old, after: fresh }],
    at: iso(wall(rerated.confirmation!.at) + HOUR),
    by: sup.id,
    attachments: [form],
  });
  rerated.completion.ratings = fresh;

  // 作废 with its letter: the customer withdrew a job still 派工 (the other 派工 letter stays)
  const withdrawn = letters.find((l) => l !== handed && l.status === "派工" && l.notice && !l.site);
  const withdrawnNotice = withdrawn ? notices.find((n) => n.id === withdrawn.notice) : undefined;
  if (!withdrawn || !withdrawnNotice) throw new Error("no 派工 letter to cancel");
  const cancelledAt = iso(Math.min(NOW - HOUR, wall(withdrawn.assigned.at) + 3 * HOUR));
  const why = "客户来电取消：设备已由厂家保修更换";
  withdrawnNotice.cancelled = { by: sup.id, at: cancelledAt, reason: why };
  withdrawn.cancelled = { by: sup.id, at: cancelledAt, reason: why, notice: withdrawnNotice.id };

  // a signature marked forged after the supervisor confirmed the letter (D2; D7 refined: the engineer's
  // −150 only, no condoning)
  const denied = letters.find(
    (l) =>
      l !== rerated &&
      l.completion?.signature &&
      !l.completion.unsigned &&
      l.confirmation &&
      l.completion.at.startsWith("2026-11") &&
      wall(l.confirmation.at) + DAY < NOW,
  );
  if (!denied?.completion || !denied.confirmation) throw new Error("no letter to mark forged");
  denied.completion.forged = {
    by: sup.id,
    at: iso(wall(denied.confirmation.at) + DAY),
    reason: "回访时客户表示未在责任书上签字，签字非本人所签",
  };
}

// ------------------------------------------------------------------ communication complaints (D20)
// Two complaint mails about 林峰 in November: his November base is paid one tier lower (一等 → 二等).

for (const [d, project] of [
  ["2026-11-09", "佛山美达"],
  ["2026-11-17", "天津渤海"],
] as const)
  put({
    kind: "complaint",
    id: makeId("complaint", d),
    person: "linfeng",
    date: d,
    subject: `投诉-${project}项目沟通问题`,
    project,
    recorded: { by: sup.id, at: iso(at(d, "17:40")) },
  });

// ------------------------------------------------------------------ customer complaints (D19)
// The complaint to the sales manager behind the class II incident (重大, linked both ways), and a
// product complaint by mail (一般) answered and called back, not yet closed.
{
  const { incident, letter: l, opened } = salesIncident!;
  const customer = notices.find((n) => n.id === l.notice)!.customer;
  const received = opened - HOUR;
  const d = day(received);
  const k = put({
    kind: "customer-complaint",
    id: makeId("customer-complaint", d),
    customer,
    received: { at: iso(received), channel: "电话", by: salesEast.id, to: "sales-manager" },
    content: incident.cause.replace(/^客户向我公司销售经理投诉：/, ""),
    about: "engineer",
    engineer: l.engineer,
    letter: l.id,
    grade: "重大",
    owner: sup.id,
    replyBy: `${nextWorkday(d)}T23:59:59+08:00`,
    investigation: {
      text: "与服务人员及客户核实：前一单延误，未提前告知客户到场时间变化",
      by: sup.id,
      at: iso(received + 40 * MIN),
    },
    reply: {
      result: "向客户致歉，定为 II 类事故，服务人员书面反思",
      how: "主管电话告知客户设备科",
      by: sup.id,
      at: iso(at(nextWorkday(d), "11:00")),
    },
    callback: {
      satisfied: true,
      note: "客户接受处理结果",
      by: salesEast.id,
      at: iso(at(addDays(nextWorkday(d), 2), "10:00")),
    },
    closed: { by: sup.id, at: iso(at(addDays(nextWorkday(d), 2), "16:00")) },
    incident: incident.id,
    opened: { by: salesEast.id, at: iso(received + 5 * MIN) },
  } as const);
  incident.customerComplaint = k.id;
  const d2 = "2026-11-16";
  put({
    kind: "customer-complaint",
    id: makeId("customer-complaint", d2),
    customer: "tj-bohai",
    received: { at: iso(at(d2, "10:20")), channel: "邮件", by: admin.id, to: "sales-admin" },
    content: "VFD-500 中文说明书参数表与实际固件不一致，调试时无法对照",
    about: "product",
    grade: "一般",
    owner: admin.id,
    replyBy: `${addDays(d2, 3)}T23:59:59+08:00`,
    investigation: {
      text: "研发确认说明书为旧版（固件 2.1），已发新版 PDF",
      by: admin.id,
      at: iso(at("2026-11-17", "15:00")),
    },
    reply: {
      result: "邮件发送新版说明书，并致歉",
      how: "邮件回复客户技术科",
      by: admin.id,
      at: iso(at("2026-11-18", "09:40")),
    },
    callback: { satisfied: true, by: admin.id, at: iso(at("2026-11-20", "14:00")) },
    opened: { by: admin.id, at: iso(at(d2, "10:30")) },
  } as const);
}

// ------------------------------------------------------------------ checks of the generator itself

const PLANNED = new Set(["estimate", "appointment", "until"]); // times in the future are plans
function noFuture(id: string, value: unknown, key = ""): void {
  if (typeof value === "string" && /^20\d\d-\d\d-\d\d(T|$)/.test(value) && !PLANNED.has(key)) {
    const ms = value.length === 10 ? at(value, "00:00") : wall(value);
    if (ms > NOW) throw new Error(`${id}: ${key} ${value} is after now`);
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) noFuture(id, v, Array.isArray(value) ? key : k);
}
for (const { data } of out) noFuture(data.id, data);
for (const l of letters) {
  const stamps = [
    noticeOf(l)?.issued.at,
    noticeOf(l)?.signature?.at,
    l.assigned.at,
    l.site?.at,
    l.approval?.at,
    l.completion?.at,
    l.return?.at,
    l.confirmation?.at,
    l.followup?.at,
    l.archive?.at,
  ].filter(Boolean) as string[];
  for (let i = 1; i < stamps.length; i++)
    if (stamps[i] < stamps[i - 1]) throw new Error(`${l.id}: ${stamps[i]} before ${stamps[i - 1]}`);
  if (l.travel?.advance && !l.approval) throw new Error(`${l.id}: advance without approval`);
  for (const x of l.log) {
    if (x.at < l.assigned.at) throw new Error(`${l.id}: log entry ${x.at} before the assignment`);
    if (l.completion && x.at > l.completion.at)
      throw new Error(`${l.id}: log entry ${x.at} after completion`);
  }
  if (l.travel?.departed && l.approval && l.travel.departed < l.approval.at.slice(0, 10))
    throw new Error(`${l.id}: departed before approval`);
}

// ------------------------------------------------------------------ the guided tour (records/README.md)

function guide(): string {
  const L = (pred: (l: Letter) => boolean) =>
    letters
      .filter(pred)
      .map((l) => `\`${l.id}\``)
      .join("、") || "—";
  const N = (pred: (n: Notice) => boolean) =>
    notices
      .filter(pred)
      .map((n) => `\`${n.id}\``)
      .join("、") || "—";
  const R = (k: Kind, pred: (r: any) => boolean = () => true) =>
    out
      .filter((r) => r.kind === k && pred(r.data))
      .map((r) => `\`${r.data.id}\``)
      .join("、") || "—";
  const grades = (l: Letter) => Object.values(l.completion?.ratings ?? {});
  const overdue = (l: Letter) => {
    if (!l.completion) return false;
    const excused = (l.delays ?? []).filter((d) => d.approval && d.reason !== "A").map((d) => d.until);
    const due = [l.estimate, ...excused].sort().pop()!;
    return wall(l.completion.at) > wall(due);
  };
  const roles: Record<string, string> = {
    gm: "总经理",
    supervisor: "主管",
    requester: "销售（下达人）",
    "sales-admin": "销售内勤",
    finance: "财务",
    engineer: "服务人员",
    rd: "研发负责人",
  };
  const roster = out
    .filter((r) => r.kind === "person")
    .map((r) => r.data as Person)
    .map(
      (p) =>
        `| \`${p.id}\` | ${p.name} | ${p.roles.map((x) => roles[x]).join("、")} | ${p.region ?? ""} | ${p.hired ?? ""} | ${p.tier ?? ""} | ${(p.experts ?? []).join("、")} |`,
    );
  const count = (k: Kind) => out.filter((r) => r.kind === k).length;
  return `# 示例记录库：东方智控装备有限公司 技术服务部

这是 svc 的示例部门（sample department），供新用户浏览、供 \`npm start\` 和测试使用。
“今天”是 **2026-11-23（周一）09:00**：记录中没有晚于此刻的事实，只有计划（预约、预计完成时间、延期申请的期限）可能在此之后。

> 本目录由 \`scripts/make-sample.ts\` 生成（\`npm run sample\`，固定随机种子，结果逐字节相同）。
> 请勿手工修改：其他模块（考核、报表）的测试依据这些记录计算数字；要改就改生成器并重新生成。
> This folder is generated by \`npm run sample\` (deterministic). Do not edit it by hand.

试一试：\`node bin/svc.js --repo records check\`（0 个错误），或 \`npm start\`。

## 人员

| 编号 | 姓名 | 角色 | 区域 | 入职 | 档次 | 产品专家 |
|---|---|---|---|---|---|---|
${roster.join("\n")}

服务人员常驻：华东—上海，华南—广州，华北—北京；西北（兰州、西安）的客户由华北服务人员出差服务，属特殊地区（svc.yaml \`specialRegions\`）。
档次的历史见 \`decisions/\`（总经理的升档决定）：林峰 2026-11-01 起升为一等。

## 记录一览

${count("notice")} 张服务通知单、${count("letter")} 份项目责任书、${count("weekly")} 份服务人员周报、${count("department-weekly")} 份技术服务周报、${count("monthly")} 份月度报表、${count("incident")} 起事故、${count("exam")} 次培训考核、${count("decision")} 项总经理决定；${customerList.length} 家客户、${products.length} 种产品。

## 值得一看

**服务通知单**
- 未签字（不能派工）：${N((n) => !n.signature && !n.cancelled)}
- 已签字、尚未派工：${N((n) => Boolean(n.signature) && !letters.some((l) => l.notice === n.id))}
- 作废：${N((n) => Boolean(n.cancelled))}
- 总经理出差、主管代签（gmAbsent）：${N((n) => Boolean(n.signature?.gmAbsent))}

**项目责任书的各个状态**
${LETTER_STATES.map((st) => `- ${st}：${L((l) => l.status === st)}`).join("\n")}

**过程中的情况**
- 现场情况与通知单不一致（记录了与下达人的跟进）：${L((l) => l.site?.matches === false)}
- 疑难问题当天书面上报（附现场照片）：${L((l) => l.log.some((x) => x.type === "上报"))}
- 客户更改要求（客户书面确认 + 总经理批准）：${L((l) => Boolean(l.changes?.length))}
${(["A", "B", "C", "D"] as const)
  .map(
    (r) =>
      `- 延期原因 ${r}：${L((l) => Boolean(l.delays?.some((d) => d.reason === r)))}（${letters
        .flatMap((l) => l.delays ?? [])
        .filter((d) => d.reason === r)
        .map((d) => (d.approval ? "已批准" : "未批准"))
        .join("、")}）`,
  )
  .join("\n")}
- 超过预计时间完工（D3：经批准的 B/C/D 延期顺延预计时间，A 不免责）：${L(overdue)}
- 现场意外工作（服务人员自写责任书，返回后主管补签）：${L((l) => Boolean(l.unplanned))}

**客户评价**
- 有“差”：${L((l) => grades(l).includes("差"))}
- 三项均“中”：${L((l) => grades(l).length === 3 && grades(l).every((g) => g === "中"))}
- 无客户签字（unsigned，按三个“差”计；主管已确认）：${L((l) => Boolean(l.completion?.unsigned))}
- 评价单为纸质，由主管代为录入（as / backdated）：${L((l) => Boolean(l.completion?.as))}

**更正（D15）**
- 改派（svc reassign，原服务人员的记录仍归其本人）：${L((l) => Boolean(l.reassignments?.length))}
- 改约（svc appointment，每次预约都保留）：${L((l) => Boolean(l.appointments?.length))}
- 签字经主管认定伪造（svc forged，确认在认定之前：不计纵容）：${L((l) => Boolean(l.completion?.forged))}
- 随通知单作废的责任书（svc notice cancel，仍为派工时）：${L((l) => Boolean(l.cancelled))}
- 更正记录（svc notice correct / svc ratings correct，amendments/）：${out
    .filter((r) => r.kind === "amendment")
    .map((r) => `${r.data.id} → ${(r.data as { target: string }).target}`)
    .join("、")}

**事故、考核、周报**
- I 类事故：${R("incident", (i) => i.class === "I")}
- II 类事故：${R("incident", (i) => i.class === "II")}（其中事故通报尚未发出：${R("incident", (i) => !i.notification)}）
- 培训考核：${R("exam")}（不合格：${out
    .filter((r) => r.kind === "exam")
    .flatMap((r) => (r.data as Exam).results.filter((x) => !x.passed).map((x) => eng(x.person).name))
    .join("、")}）
- 周报迟交：\`${periodicId.weekly(LATE.week, LATE.engineer)}\`（周六 ${LATE.at} 提交，截止 18:00）
- 周报缺交：${eng(MISSING.engineer).name} ${MISSING.week} 那一周没有周报
- 10 月月度报表：${R("monthly")}；考核表和工资表尚未编制（由 \`svc assess\`、\`svc payroll\` 生成）

**设备档案、远程处理、研发工作单（D21–D22）**
- 设备档案：${count("equipment")} 台（\`equipment/\`，三包期为验收后一年）；最后两家客户的通知单只有设备的文字描述，可试 \`svc equipment import\`
- 客户服务档案：\`svc show tj-bohai\`（含重复故障：设备完工后 30 天内再报修）、\`svc render tj-bohai\`
- 远程处理（无出差、无预支）：${L((l) => Boolean(l.remote))}
- 研发工作单（故障处理工作单，\`rd-orders/\`，研发负责人 陈研发）：${out
    .filter((r) => r.kind === "rd")
    .map((r) => {
      const o = r.data as RdOrder;
      const st = o.rejected
        ? "已驳回"
        : o.confirmed
          ? "已确认"
          : o.fixed
            ? "已修复"
            : o.accepted
              ? "已受理"
              : "待受理";
      return `\`${o.id}\`（${st}）`;
    })
    .join("、")}

## 目录

\`people/\` 人员 · \`customers/\` 客户 · \`products/\` 产品 · \`notices/2026/\` 服务通知单 · \`letters/2026/\` 项目责任书 ·
\`attachments/<责任书>/\` 客户签字与现场照片的扫描件（记录中存其 SHA-256） · \`weekly/2026/\` 服务人员周报（W-周六-人员） ·
\`department-weekly/2026/\` 技术服务周报（DW-周六） · \`monthly/\` 月度报表 · \`incidents/\` 事故 · \`exams/\` 培训考核 ·
\`decisions/\` 总经理决定 · \`svc.yaml\` 部门设置（出差补助 80 元/天，西北 120 元/天，话费 100 元/月，各区域奖金基数）。
`;
}

// ------------------------------------------------------------------ equipment (D21, issue 16)
// One unit per customer and product its notices name — for all customers but the last two, whose
// notices keep the free text only (what `svc equipment import` proposes from). Ids and dates come from
// a hash of customer and product, not from rnd(): the records above stay exactly what they were.
{
  const { createHash } = await import("node:crypto");
  const withUnits = customerList.slice(0, -2).map((c) => c.id);
  const units = new Map<string, Equipment>();
  for (const n of notices) {
    if (!withUnits.includes(n.customer) || !n.product) continue;
    const key = `${n.customer}|${n.product}`;
    let e = units.get(key);
    if (!e) {
      const h = createHash("sha256").update(key).digest();
      const installed = addDays("2025-03-01", h[5] % 400);
      e = put({
        kind: "equipment",
        id: newId("equipment", n.issued.at.slice(0, 10), h.subarray(0, 5)),
        customer: n.customer,
        product: n.product,
        model: `${n.product}-${["A", "B", "S"][h[6] % 3]}${10 + (h[7] % 80)}`,
        serial: `SN${n.product.replace(/[^A-Z0-9]/g, "").slice(0, 4)}${(h.readUInt32BE(8) % 1_000_000).toString().padStart(6, "0")}`,
        installed,
        accepted: addDays(installed, 3 + (h[9] % 10)),
        // 三包 for a year after acceptance (12 months, the usual term).
        warrantyEnd: addDays(addDays(installed, 3 + (h[9] % 10)), 365),
        software: `V${1 + (h[10] % 3)}.${h[11] % 10}`,
        location: `${cust(n.customer).short} ${["一号车间", "二号车间", "总装线", "机房"][h[12] % 4]}`,
        createdBy: n.issued.by,
      } satisfies Equipment);
      units.set(key, e);
    }
    n.equipmentId = e.id;
  }
}

// ------------------------------------------------------------------ remote work and R&D (D22, issue 16)
// R&D's lead joins the roster; one finished job without travel was solved remotely (the supervisor's
// decision at assignment); one R&D work order in each state, on letters whose time frame holds it.
// Like the equipment above, nothing here draws from rnd().
{
  put({
    kind: "person",
    id: "chenyf",
    name: "陈研发",
    roles: ["rd"],
    email: "chenyf@dfzk.example.com",
    phone: "13901010099",
    hired: "2024-03-01",
    active: true,
  } satisfies Person);
  const sup = "wangzhu";
  const remote = letters.find((l) => !l.travel && !l.unplanned && l.completion && l.approval);
  if (!remote) throw new Error("sample: no finished letter without travel for the remote job");
  remote.remote = { by: sup, at: remote.assigned.at };
  const plus = (stamp: string, hours: number) => iso(wall(stamp) + hours * HOUR);
  const order = (l: Letter, n: number, state: string): RdOrder => {
    const opened = plus(l.approval?.at ?? l.assigned.at, 1);
    const o: RdOrder = {
      kind: "rd",
      id: newId("rd", opened.slice(0, 10), new Uint8Array([n, 7, 11, 13, 17])),
      letter: l.id,
      requester: l.engineer,
      opened: { by: l.engineer, at: opened },
      environment: `${noticeOf(l)?.product ?? "PLC-200"} 固件 V2.${n}，Windows 10 上位机`,
      steps: "1. 上电；2. 打开组态画面；3. 连续下载程序两次",
      symptom: [
        "通讯中断后无法自动重连",
        "报表导出时程序崩溃",
        "参数保存后重启丢失",
        "高负载时看门狗复位",
        "按说明书操作仍报 E-17",
      ][n],
    };
    if (state === "已驳回")
      o.rejected = { by: "chenyf", at: plus(opened, 2), reason: "非产品缺陷：现场接线错误，已告知处理方法" };
    if (["已受理", "已修复", "已确认"].includes(state))
      o.accepted = { by: "chenyf", at: plus(opened, 2), reason: "可重现，安排修复" };
    if (["已修复", "已确认"].includes(state))
      o.fixed = { by: "chenyf", at: plus(opened, 3), note: "固件 V2.4 修复" };
    if (state === "已确认") o.confirmed = { by: l.engineer, at: plus(opened, 4) };
    return put(o);
  };
  // Closed orders on finished letters (opened and closed before the completion), open ones on letters
  // still being worked (their last hours before NOW).
  const finished = letters.filter(
    (l) =>
      l.completion && l.approval && wall(l.completion.at) - wall(l.approval.at) > 6 * HOUR && l !== remote,
  );
  const working = letters.filter(
    (l) => ["在建", "延期"].includes(l.status) && l.approval && NOW - wall(l.approval.at) > 6 * HOUR,
  );
  if (finished.length < 2 || working.length < 3)
    throw new Error("sample: not enough letters for the R&D orders");
  order(finished[0], 0, "已确认");
  order(finished[1], 1, "已驳回");
  order(working[0], 2, "待受理");
  order(working[1], 3, "已受理");
  order(working[2], 4, "已修复");
}

// ------------------------------------------------------------------ write

const repo = process.cwd();
const pkg = join(repo, "package.json");
if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, "utf8")).name !== "svc")
  throw new Error("run from the svc repository root (npm run sample)");
const root = resolve(process.argv[2] ?? "records");

let bad = 0;
for (const { kind, data } of out) {
  const problems = await validateData(kind, data);
  for (const p of problems) {
    bad++;
    console.error(`${pathOf(kind, data.id)}: ${p.path.join(".")}: ${p.message}`);
  }
}
if (bad) {
  console.error(`${bad} schema problems: nothing written`);
  process.exit(1);
}

const template = readFileSync(join(repo, "templates", "svc.yaml"), "utf8");
// The template's text with the department's own values: its comments and alignment stay as they are.
let configText = template;
for (const [from, to] of [
  [/^company: .*$/m, "company: 东方智控装备有限公司"],
  [
    /^(output: .*)$/m,
    "$1\nsince: 2026-10-01                # 记录起始日：此前不计周报、报表、考核的未交或迟交（DOMAIN D13）",
  ],
  [/dailyRate: null {2}/, "dailyRate: 80    "],
  [/specialRate: null/, "specialRate: 120 "],
  [/specialRegions: \[\]/, "specialRegions: [西北]"],
  [/phone: null/, "phone: 100 "],
  [/^(complaints: .*\n {2}enabled: )false/m, "$1true"],
  [/pools: \{\} {20}# .*$/m, "pools: { 华东: 6000, 华南: 5000, 华北: 5000 }   # 各区域奖金基数（元）"],
] as const) {
  if (!from.test(configText)) throw new Error(`templates/svc.yaml: ${from} not found`);
  configText = configText.replace(from, to);
}
const doc = parseDocument(configText);
const config = doc.toJS();
const configProblems = await validateData("config", config);
if (configProblems.length) throw new Error(`svc.yaml: ${JSON.stringify(configProblems)}`);

if (existsSync(root))
  for (const entry of readdirSync(root)) rmSync(join(root, entry), { recursive: true, force: true });
const write = (rel: string, content: string | Buffer) => {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
};
write("svc.yaml", configText);
write(".gitignore", readFileSync(join(repo, "templates", "gitignore"), "utf8"));
for (const { dir } of Object.values(KINDS)) write(`${dir}/.gitkeep`, "");
// Fields in the schema's order (the order a reader expects: notice, engineer, status, assigned, site…).
function ordered(schema: any, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(schema?.items, v));
  if (!value || typeof value !== "object" || !schema?.properties) return value;
  const obj = value as Record<string, unknown>;
  const keys = [
    ...Object.keys(schema.properties).filter((k) => k in obj),
    ...Object.keys(obj).filter((k) => !(k in schema.properties)),
  ];
  return Object.fromEntries(keys.map((k) => [k, ordered(schema.properties[k], obj[k])]));
}
for (const { kind, data } of out)
  write(pathOf(kind, data.id), stringify(ordered(SCHEMAS[kind], data), { lineWidth: 0, indent: 2 }));
for (const [rel, data] of attachments) write(rel, data);
write("README.md", guide());

const count = (k: Kind) => out.filter((r) => r.kind === k).length;
console.log(
  `records/: ${out.length} records (${count("person")} people, ${count("notice")} notices, ${count("letter")} letters, ${count("weekly")} weekly reports), ${attachments.size} attachments`,
);
if (process.env.SAMPLE_DEBUG)
  for (const l of letters)
    console.log(
      l.id,
      l.engineer.padEnd(9),
      l.status,
      noticeOf(l)?.type ?? "意外",
      customerOf(l).short,
      l.assigned.at.slice(5, 16),
      l.travel?.departed?.slice(5) ?? "-",
      l.travel?.returned?.slice(5) ?? "-",
      l.completion?.at.slice(5, 16) ?? "",
      l.estimate.slice(5, 16),
    );
