import { describe, expect, it } from "vitest";
import { lang } from "../i18n";
import { showCell } from "./resultCell";

describe("result cells", () => {
  it("show numbers in text columns as they are (a year is not an amount)", () => {
    lang.value = "en";
    expect(showCell("text", 2025)).toBe("2025");
    expect(showCell("integer", 2025)).toBe("2,025");
  });

  it("show fractions as percentages and missing values as a dash", () => {
    lang.value = "en";
    expect(showCell("percent", 0.1234)).toBe("12.3");
    expect(showCell("fine_percent", 0.001234)).toBe("0.123");
    expect(showCell("number", 1234.5)).toBe("1,234.50");
    expect(showCell("number", null)).toBe("—");
    expect(showCell("text", "")).toBe("—");
  });
});
