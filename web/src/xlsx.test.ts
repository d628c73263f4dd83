// The workbook is a valid stored ZIP (entries, sizes and CRCs as a reader checks them) holding
// the parts Excel needs, with the cells written as numbers or escaped inline text.
import { describe, expect, it } from "vitest";
import { columnName, crc32, toXlsx } from "./xlsx";

/** Reads a stored ZIP through its central directory, checking every entry's CRC. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, string>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i += 1) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    expect(view.getUint16(local + 8, true)).toBe(0); // stored
    const start = local + 30 + view.getUint16(local + 26, true);
    const data = bytes.subarray(start, start + size);
    expect(crc32(data)).toBe(crc);
    files.set(name, decoder.decode(data));
    at += 46 + nameLength;
  }
  return files;
}

describe("xlsx", () => {
  it("names columns as Excel does", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("writes a workbook with a bold header, numbers as numbers and text escaped", () => {
    const files = unzip(
      toXlsx("重点产业链一览 [key chains]", ["代码", "名称", "企业数"], [
        ["SX-01", "A & B <轴承>", 1234],
        ["0101", null, 0.5],
        ["91140100MA0GRKXB3G", "bad\u0001char", Number.NaN],
      ]),
    );
    expect([...files.keys()].sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
    ]);
    expect(files.get("xl/workbook.xml")).toContain('<sheet name="重点产业链一览  key chains" sheetId="1"');
    const sheet = files.get("xl/worksheets/sheet1.xml") ?? "";
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">代码</t></is></c>');
    expect(sheet).toContain('<c r="C2"><v>1234</v></c>');
    expect(sheet).toContain('<c r="B2" t="inlineStr"><is><t xml:space="preserve">A &amp; B &lt;轴承&gt;</t></is></c>');
    // Codes stay text (leading zeros); blanks and NaN leave the cell out; control characters go.
    expect(sheet).toContain('<c r="A3" t="inlineStr"><is><t xml:space="preserve">0101</t></is></c>');
    expect(sheet).not.toContain('r="B3"');
    expect(sheet).toContain("badchar");
    expect(sheet).not.toContain('r="C4"');
    expect(sheet).toContain('state="frozen"');
  });
});
