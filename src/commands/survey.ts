// `svc survey L …` — the 回访 survey (DOMAIN D18; 003 流程图 客服回访, 004 第十四、二十二–二十四条): after
// the confirmation the sales admin or customer service (never the letter's engineer) calls the customer
// and records whether he was reached, whether he signed the sheet personally, whether the engineer
// explained the operation, and 优良中差 on 服务态度 / 服务质量 / 响应速度. Each `--reached no` is one try;
// the third ends it as "unreachable". `--decide forged|genuine` is the supervisor's decision on a
// letter the customer says he did not sign himself (forged: the completion is marked forged, D2).
import type { Command } from "commander";
import { Refused, UsageError } from "../core/errors.ts";
import { t } from "../core/i18n.ts";
import type { Letter } from "../schemas/index.ts";
import { action, withJson } from "./kit.ts";
import { letterStep, onBehalf } from "./workflow-kit.ts";

interface SurveyOptions {
  reached?: string;
  signedPersonally?: string;
  explained?: string;
  rating?: string;
  comment?: string;
  decide?: string;
  note?: string;
  as?: string;
  at?: string;
}

const GRADES = new Set(["优", "良", "中", "差"]);
const KEYS: Record<string, "attitude" | "quality" | "speed"> = {
  态度: "attitude",
  服务态度: "attitude",
  attitude: "attitude",
  质量: "quality",
  服务质量: "quality",
  quality: "quality",
  速度: "speed",
  响应速度: "speed",
  speed: "speed",
};

function yesNo(v: string | undefined, flag: string): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  if (["yes", "y", "是", "true"].includes(s)) return true;
  if (["no", "n", "否", "false"].includes(s)) return false;
  throw new UsageError(t(`${flag} 应为 yes 或 no，而不是 "${v}"`, `${flag} must be yes or no, not "${v}"`));
}

export function parseSurveyRatings(input: string): NonNullable<NonNullable<Letter["survey"]>["ratings"]> {
  const out: Record<string, string> = {};
  for (const part of input.split(/[,，]/)) {
    const [k, g] = part.split("=").map((x) => x?.trim());
    const key = KEYS[k ?? ""];
    if (!key || !g || !GRADES.has(g))
      throw new UsageError(
        t(`--rating 无法识别 "${part}"`, `--rating: cannot read "${part}"`),
        t("写成 态度=优,质量=良,速度=优（优良中差）", "write 态度=优,质量=良,速度=优 (优良中差)"),
      );
    if (out[key]) throw new UsageError(t(`--rating 重复了 ${k}`, `--rating repeats ${k}`));
    out[key] = g;
  }
  if (!out.attitude || !out.quality || !out.speed)
    throw new UsageError(
      t("--rating 需要 态度、质量、速度 三项", "--rating needs all three: 态度, 质量, 速度"),
      t("写成 态度=优,质量=良,速度=优", "write 态度=优,质量=良,速度=优"),
    );
  return out as NonNullable<NonNullable<Letter["survey"]>["ratings"]>;
}

export default function register(program: Command): void {
  withJson(
    onBehalf(
      program
        .command("survey")
        .argument("<letter>", t("项目责任书编号", "letter id"))
        .description(
          t(
            "客服回访（销售内勤或客服，不能是该责任书的服务人员）：确认后 5 个工作日内；联系不到记 --reached no，3 次即无法联系",
            "the 回访 survey (sales admin or customer service, never the letter's engineer): within 5 working days of the confirmation; --reached no records one try, 3 make it unreachable",
          ),
        )
        .option("--reached <yes|no>", t("是否联系到客户", "was the customer reached"))
        .option(
          "--signed-personally <yes|no>",
          t("客户是否本人签字", "did the customer sign the sheet personally"),
        )
        .option("--explained <yes|no>", t("服务人员是否讲解了操作", "did the engineer explain the operation"))
        .option(
          "--rating <list>",
          t("满意度：态度=优,质量=良,速度=优", "satisfaction: 态度=优,质量=良,速度=优"),
        )
        .option("--comment <text>", t("客户意见", "the customer's comment"))
        .option(
          "--decide <forged|genuine>",
          t(
            "主管：对客户表示非本人签字的责任书认定伪造（forged）或不伪造（genuine）",
            "supervisor: decide a letter the customer did not sign personally is forged or genuine",
          ),
        )
        .option("--note <text>", t("认定说明", "note of the decision")),
    ),
  ).action(
    action(async (ctx, id: string, o: SurveyOptions) => {
      if (o.decide !== undefined) {
        if (o.decide !== "forged" && o.decide !== "genuine")
          throw new UsageError(t("--decide 应为 forged 或 genuine", "--decide must be forged or genuine"));
        if (o.reached || o.signedPersonally || o.explained || o.rating || o.comment)
          throw new UsageError(
            t("--decide 不能与回访内容一起使用", "--decide does not go with the survey's answers"),
          );
        const forged = o.decide === "forged";
        await letterStep(
          ctx,
          id,
          o,
          "survey-decide",
          ({ letter, stamp }) => {
            const survey = letter.survey!;
            const decision = {
              forged,
              by: stamp.by,
              at: stamp.at,
              ...(o.note?.trim() ? { note: o.note.trim() } : {}),
            };
            const completion = letter.completion!;
            return {
              letter: {
                ...letter,
                survey: { ...survey, decision },
                ...(forged ? { completion: { ...completion, forged: stamp } } : {}),
              },
              summary: forged ? t("认定签字伪造", "signature forged") : t("认定非伪造", "signature genuine"),
              data: { decision },
              human: forged
                ? t(
                    `责任书 ${id}：已认定客户签字伪造（按三个“差”计，D2）`,
                    `letter ${id}: the signature is marked forged (three 差, D2)`,
                  )
                : t(`责任书 ${id}：已认定签字不属伪造`, `letter ${id}: the signature is decided genuine`),
            };
          },
          "survey decide",
        );
        return;
      }
      const reached = yesNo(o.reached, "--reached");
      if (reached === undefined)
        throw new UsageError(t("需要 --reached yes 或 --reached no", "needs --reached yes or --reached no"));
      const signedPersonally = yesNo(o.signedPersonally, "--signed-personally");
      const explained = yesNo(o.explained, "--explained");
      const ratings = o.rating ? parseSurveyRatings(o.rating) : undefined;
      if (reached && (signedPersonally === undefined || explained === undefined || !ratings))
        throw new UsageError(
          t(
            "联系到客户时需要 --signed-personally、--explained 和 --rating",
            "when the customer was reached: --signed-personally, --explained and --rating are needed",
          ),
        );
      if (!reached && (signedPersonally !== undefined || explained !== undefined || ratings || o.comment))
        throw new UsageError(
          t("未联系到客户时只记录一次联系", "when the customer was not reached only the try is recorded"),
        );
      await letterStep(ctx, id, o, "survey", ({ letter, who, stamp }) => {
        if (who.person.id === letter.engineer)
          throw new Refused(
            t(
              `${who.person.name} 是该责任书的服务人员，不能回访自己的服务`,
              `${who.person.name} is the letter's engineer and may not survey his own service`,
            ),
            t("由销售内勤或客服回访", "the sales admin or customer service makes the call"),
          );
        const attempts = [...(letter.survey?.attempts ?? []), stamp.at];
        const survey: NonNullable<Letter["survey"]> = {
          by: stamp.by,
          at: stamp.at,
          ...(stamp.backdated ? { backdated: true, enteredAt: stamp.enteredAt } : {}),
          ...(stamp.as ? { as: stamp.as } : {}),
          reached,
          attempts,
          ...(reached ? { signedPersonally, explained, ratings } : {}),
          ...(o.comment?.trim() ? { comment: o.comment.trim() } : {}),
        };
        const unreachable = !reached && attempts.length >= 3;
        return {
          letter: { ...letter, survey },
          summary: reached
            ? t("回访完成", "survey done")
            : unreachable
              ? t("3 次联系不到客户", "unreachable after 3 tries")
              : t(`第 ${attempts.length} 次未联系到客户`, `try ${attempts.length}: not reached`),
          data: { survey },
          human: reached
            ? t(
                `责任书 ${id}：回访完成${signedPersonally === false ? "；客户表示非本人签字，待主管认定是否伪造（svc due）" : ""}`,
                `letter ${id}: survey recorded${signedPersonally === false ? "; the customer did not sign personally: the supervisor decides the forged mark (svc due)" : ""}`,
              )
            : unreachable
              ? t(`责任书 ${id}：3 次联系不到客户，记为无法联系`, `letter ${id}: unreachable after 3 tries`)
              : t(
                  `责任书 ${id}：第 ${attempts.length} 次未联系到客户（3 次即无法联系）`,
                  `letter ${id}: try ${attempts.length}, not reached (3 make it unreachable)`,
                ),
        };
      });
    }),
  );
}
