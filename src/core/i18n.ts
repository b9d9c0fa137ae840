// Messages are Chinese by default, English when LANG (or LC_ALL / LC_MESSAGES) starts with "en".

export function isEnglish(env: NodeJS.ProcessEnv = process.env): boolean {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return lang.toLowerCase().startsWith("en");
}

let english = isEnglish();

export function setEnglish(value: boolean): void {
  english = value;
}

/** Pick the message in the user's language: t("中文", "English"). */
export function t(zh: string, en: string): string {
  return english ? en : zh;
}
