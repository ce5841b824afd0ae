import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { defaultPaths } from "../src/config/default-paths.js";
import { loopbackRedirect } from "../src/login/loopback-redirect.js";
import { browserCommand } from "../src/login/open-browser.js";
import { collectListOption } from "../src/options/collect-list-option.js";
import { parseCloudOption } from "../src/options/parse-cloud-option.js";
import { parseDatasetsOption } from "../src/options/parse-datasets-option.js";
import { parseDateOption } from "../src/options/parse-date-option.js";

describe("option parsers", () => {
  it("reads dates as UTC days, zoned date-times or epoch seconds", () => {
    expect(parseDateOption("2024-01-01")).toBe(1_704_067_200);
    expect(parseDateOption("2024-01-01T01:00:00+01:00")).toBe(1_704_067_200);
    expect(parseDateOption("1704067200")).toBe(1_704_067_200);
    for (const bad of ["2024-02-31", "2024-01-01T08:00", "yesterday", ""]) {
      expect(() => parseDateOption(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("checks clouds, datasets and lists", () => {
    expect(parseCloudOption("us")).toBe("us");
    expect(parseCloudOption("http://127.0.0.1:8787")).toBe("http://127.0.0.1:8787");
    expect(() => parseCloudOption("mars")).toThrow(InvalidArgumentError);
    expect(parseDatasetsOption("sleep, measures", ["devices"])).toEqual([
      "devices",
      "sleep",
      "measures",
    ]);
    expect(() => parseDatasetsOption("measures,weights")).toThrow(/unknown dataset "weights"/);
    expect(collectListOption("2,3", collectListOption("1"))).toEqual(["1", "2", "3"]);
  });
});

describe("login helpers", () => {
  it("listens only for plain-http loopback redirect URIs", () => {
    expect(loopbackRedirect(undefined)).toEqual({ host: "127.0.0.1", port: 0, path: "/callback" });
    expect(loopbackRedirect("http://localhost:8765/cb")).toEqual({
      host: "localhost",
      port: 8765,
      path: "/cb",
    });
    expect(loopbackRedirect("http://127.0.0.1/")).toEqual({
      host: "127.0.0.1",
      port: 80,
      path: "/",
    });
    expect(loopbackRedirect("https://127.0.0.1:8765/cb")).toBeUndefined();
    expect(loopbackRedirect("https://app.example/cb")).toBeUndefined();
    expect(loopbackRedirect("http://192.168.1.2:8765/cb")).toBeUndefined();
  });

  it("opens URLs with the platform's opener and the URL as one argument, never a shell", () => {
    const url = "https://account.withings.com/oauth2_user/authorize2?a=1&b=2";
    expect(browserCommand("darwin", url)).toEqual(["open", [url]]);
    expect(browserCommand("linux", url)).toEqual(["xdg-open", [url]]);
    expect(browserCommand("win32", url)).toEqual([
      "rundll32.exe",
      ["url.dll,FileProtocolHandler", url],
    ]);
  });
});

describe("defaultPaths", () => {
  it("follows each platform's conventions", () => {
    const linux = defaultPaths({ platform: "linux", homedir: "/example-home/u", env: {} });
    expect(linux.configFile).toBe("/example-home/u/.config/withings-kit/config.json");
    expect(linux.database).toBe("/example-home/u/.local/share/withings-kit/withings.db");
    const xdg = defaultPaths({
      platform: "linux",
      homedir: "/example-home/u",
      env: { XDG_DATA_HOME: "/data" },
    });
    expect(xdg.demoDatabase).toBe("/data/withings-kit/demo.db");
    const mac = defaultPaths({ platform: "darwin", homedir: "/Users/u", env: {} });
    expect(mac.database).toBe("/Users/u/Library/Application Support/withings-kit/withings.db");
    const win = defaultPaths({
      platform: "win32",
      homedir: "C:\\Users\\u",
      env: {
        APPDATA: "C:\\Users\\u\\AppData\\Roaming",
        LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local",
      },
    });
    expect(win.configFile).toBe("C:\\Users\\u\\AppData\\Roaming\\withings-kit\\config.json");
    expect(win.database).toBe("C:\\Users\\u\\AppData\\Local\\withings-kit\\withings.db");
  });
});
