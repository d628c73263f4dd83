// Chinese first, English on request. Each language is one flat dictionary (zh.ts, en.ts); `t`
// takes only keys of the Chinese one, so vue-tsc refuses a label that is not in it, and
// dictionaries.test.ts checks that the English one has exactly the same keys and placeholders.
import { ref, watchEffect } from "vue";
import { en } from "./en";
import { zh, type MessageKey } from "./zh";

export type Lang = "zh" | "en";
export type { MessageKey };

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

const STORAGE_KEY = "chainchief.lang";

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

/** The language shown; changing it re-renders every label. */
export const lang = ref<Lang>(initialLang());

watchEffect(() => {
  // No document in unit tests (Node): the formatting helpers work without one.
  if (typeof document !== "undefined") document.documentElement.lang = lang.value === "zh" ? "zh-CN" : "en";
  try {
    localStorage.setItem(STORAGE_KEY, lang.value);
  } catch {
    // Private windows may refuse storage; the choice then lasts for the page only.
  }
});

/** Fills `{name}` placeholders. */
export function format(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(dictionaries[lang.value][key], params);
}

/** Picks the text of the current language from a bilingual pair the server sent. */
export function pick(zhText: string | null | undefined, enText: string | null | undefined): string {
  return (lang.value === "zh" ? zhText || enText : enText || zhText) ?? "";
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat("zh-CN"),
  en: new Intl.NumberFormat("en"),
};

/** A count or amount with the language's digit grouping. */
export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (digits === 0) return numberFormats[lang.value].format(Math.round(value));
  return new Intl.NumberFormat(lang.value === "zh" ? "zh-CN" : "en", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Yuan in 万元 (Chinese) or million yuan (English), as statistical tables show money. */
export function money(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return "—";
  return lang.value === "zh" ? `${num(yuan / 1e4, 1)} 万元` : `¥${num(yuan / 1e6, 2)} m`;
}

/** The label for a key the server chose (a report's table name…), or null when none is known. */
export function known(key: string): string | null {
  const dictionary = dictionaries[lang.value] as Record<string, string>;
  return Object.hasOwn(dictionary, key) ? (dictionary[key] ?? null) : null;
}

/** The label of a code the server sends (`title.little_giant`…), the code itself when unknown. */
export function labelOf(prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === "") return "—";
  return known(`${prefix}.${code}`) ?? code;
}

/**
 * How a unit is shown: money in 万元 and electricity in 万千瓦时, as NBS tables print them (the
 * English labels say 10k yuan, 10k kWh); other units as they are.
 */
export function unitView(unit: string | null | undefined): { factor: number; label: string } {
  switch (unit) {
    case "yuan":
      return { factor: 1e4, label: t("unit.tenThousandYuan") };
    case "kWh":
      return { factor: 1e4, label: t("unit.tenThousandKwh") };
    case "person":
      return { factor: 1, label: t("unit.person") };
    case "tce":
      return { factor: 1, label: t("unit.tce") };
    case "m3":
      return { factor: 1, label: t("unit.cubicMetre") };
    default:
      return { factor: 1, label: unit ?? "" };
  }
}
