import { SSH_KEY_PATTERN } from "../core/ssh-key.ts";
import { DateOnly, Enum, Id, PersonId, Record, ROLES, Text, TIERS, Type } from "./common.ts";
import { HIRED_YEARS } from "./limits.ts";

/** A member of the roster (DOMAIN §1). */
export const PersonSchema = Record("person", "人员", {
  name: Text("姓名", 40),
  roles: Type.Array(Enum(ROLES, "角色"), { title: "角色", minItems: 1, uniqueItems: true }),
  region: Type.Optional(Text("负责区域", 40)),
  email: Type.String({ title: "git 邮箱（识别提交人）", format: "email" }),
  phone: Type.Optional(Type.String({ title: "电话", maxLength: 60 })),
  hired: Type.Optional(DateOnly("入职日期", HIRED_YEARS)),
  tier: Type.Optional(Enum(TIERS, "工资档次")),
  experts: Type.Optional(Type.Array(Id("产品"), { title: "产品专家（精通的产品）", uniqueItems: true })),
  active: Type.Optional(Type.Boolean({ title: "在职" })),
  signingKey: Type.Optional(
    Type.String({
      title: "提交签名用的 SSH 公钥（ssh-ed25519 AAAA…；svc.yaml integrity.requireSignedCommits）",
      pattern: SSH_KEY_PATTERN,
      maxLength: 4000,
    }),
  ),
});

export const CustomerSchema = Record("customer", "客户", {
  name: Text("客户名称（服务单位）", 120),
  region: Type.Optional(Text("区域", 40)),
  address: Type.Optional(Text("地址", 300)),
  contacts: Type.Optional(
    Type.Array(
      Type.Object(
        { name: Text("联系人", 40), phone: Type.Optional(Type.String({ title: "联系方式", maxLength: 60 })) },
        { title: "联系人", additionalProperties: false },
      ),
      { title: "联系人" },
    ),
  ),
  createdBy: Type.Optional(PersonId("建档人")),
});

export const ProductSchema = Record("product", "产品", {
  name: Text("产品名称", 120),
  category: Type.Optional(Text("类别", 60)),
});
