// Every label exists in both languages, with the same placeholders, and none is left empty or
// untranslated (an English text with Chinese in it, other than quoted policy terms, is a miss).
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zh } from "./zh";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("have the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("have the same placeholders for each key", () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it("leave nothing empty", () => {
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("translate every Chinese label", () => {
    // Chinese is allowed in English text only inside parentheses or as an example (专精特新,
    // 省统计局) and in the language switch itself.
    const exceptions = new Set(["lang.switch", "lang.switchLabel"]);
    for (const [key, text] of Object.entries(en)) {
      if (exceptions.has(key)) continue;
      const outside = text.replace(/\([^)]*\)/g, "").replace(/e\.g\. \S+/g, "");
      expect(/[\u4e00-\u9fff]/.test(outside), `${key}: ${text}`).toBe(false);
    }
    for (const [key, text] of Object.entries(zh)) {
      if (exceptions.has(key)) continue;
      expect(/[\u4e00-\u9fff]/.test(text), `${key} should be Chinese: ${text}`).toBe(true);
    }
  });
});
