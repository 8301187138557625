import { describe, expect, it } from "vitest";
import { describeUserAgent } from "../../lib/client/format";
import { csvField, exportLines } from "../../lib/export";

describe("describeUserAgent", () => {
  it("names the browsers and systems people sign in with", () => {
    const cases: [string | null, string][] = [
      [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
        "Chrome on Linux",
      ],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36 Edg/150.0",
        "Edge on Windows",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
        "Safari on macOS",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
        "Safari on iOS",
      ],
      ["Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0", "Firefox on Android"],
      ["curl/8.5.0", "curl"],
      ["node", "Node.js"],
      [null, "Unknown browser or program"],
      ["my-agent/1.0", "my-agent/1.0"],
    ];
    for (const [agent, name] of cases) expect(describeUserAgent(agent)).toBe(name);
    expect(describeUserAgent("x".repeat(100))).toHaveLength(58);
  });
});

describe("exports", () => {
  it("quotes what CSV needs quoted and neutralises formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField(null)).toBe("");
    expect(csvField(12)).toBe("12");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("writes a header row then one line per item, or JSON Lines", async () => {
    async function* items() {
      yield { id: "a", n: 1 };
      yield { id: "b,c", n: 2 };
    }
    const collect = async (lines: AsyncIterable<string>) => {
      let text = "";
      for await (const line of lines) text += line;
      return text;
    };
    expect(await collect(exportLines(items(), ["id", "n"], "csv"))).toBe('id,n\r\na,1\r\n"b,c",2\r\n');
    expect(await collect(exportLines(items(), ["id"], "jsonl"))).toBe('{"id":"a","n":1}\n{"id":"b,c","n":2}\n');
  });
});
