import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "plist";
import { describe, expect, it } from "vitest";
import { appleProfile, chromePolicy, type ProfileInput, roamingProfile, windowsScript } from "./roaming-profiles.ts";
import { dohUrl, roamingSettingsSchema } from "./roaming-settings.ts";

const URL = "https://doh.school.test/dns-query/fldoh_abcDEF123_-abcDEF123_-abcDEF123_-abcDEF123_-abc";
const input: ProfileInput = {
  url: URL,
  address: "192.0.2.53",
  siteName: `St Mary's <Primary> & "Nursery"`,
  deviceLabel: "Laptop 7 <ict>",
  uuids: { profile: "6F9619FF-8B86-D011-B42D-00C04FC964FF", payload: "7F9619FF-8B86-D011-B42D-00C04FC964FF" },
};

describe("appleProfile", () => {
  const file = appleProfile(input);

  it("is a configuration profile with one managed DNS Settings payload for DNS over HTTPS", () => {
    const profile = parse(file.body) as Record<string, unknown>;
    expect(profile).toMatchObject({
      PayloadType: "Configuration",
      PayloadDisplayName: "Fenceline filtering",
      PayloadUUID: input.uuids.profile,
      PayloadOrganization: input.siteName,
      PayloadContent: [
        {
          PayloadType: "com.apple.dnsSettings.managed",
          PayloadUUID: input.uuids.payload,
          PayloadIdentifier: `org.fenceline.dns.${input.uuids.payload}`,
          DNSSettings: { DNSProtocol: "HTTPS", ServerURL: URL },
        },
      ],
    });
    expect(file.filename).toMatch(/\.mobileconfig$/);
  });

  it("escapes the names it carries (no raw markup in the XML)", () => {
    expect(file.body).not.toContain("<Primary>");
    expect(file.body).not.toContain("<ict>");
    expect(file.body).toContain("&lt;Primary&gt; &amp;");
  });

  it("validates as a property list with plistutil", () => {
    const dir = mkdtempSync(join(tmpdir(), "fenceline-profile-"));
    writeFileSync(join(dir, "in.mobileconfig"), file.body);
    execFileSync("plistutil", ["-i", join(dir, "in.mobileconfig"), "-o", join(dir, "out.bin"), "-f", "bin"]);
    const back = execFileSync("plistutil", ["-i", join(dir, "out.bin"), "-f", "xml", "-o", "-"]).toString();
    expect(parse(back)).toEqual(parse(file.body));
  });
});

describe("windowsScript", () => {
  it("registers the template for the agent's address with no fallback to plain DNS", () => {
    const { body } = windowsScript(input);
    expect(body).toContain("$server = '192.0.2.53'");
    expect(body).toContain(`$template = '${URL}'`);
    expect(body).toContain(
      "Add-DnsClientDohServerAddress -ServerAddress $server -DohTemplate $template -AllowFallbackToUdp $False -AutoUpgrade $True",
    );
    expect(body).toMatch(/Intune/);
    expect(body).toMatch(/Group policy/);
  });

  it("quotes a value PowerShell-style and keeps names on their comment line", () => {
    const { body } = windowsScript({
      ...input,
      url: "https://x.test/dns-query/a'b",
      deviceLabel: "a\r\nRemove-Item C:\\",
    });
    expect(body).toContain("$template = 'https://x.test/dns-query/a''b'");
    expect(body.split("\r\n").filter((line) => line.includes("Remove-Item"))[0]).toMatch(/^# /);
  });

  it("cannot be made without the agent's address", () => {
    expect(() => windowsScript({ ...input, address: null })).toThrow(/address/);
  });
});

describe("chromePolicy", () => {
  it("is JSON for secure mode with the template only", () => {
    expect(JSON.parse(chromePolicy(input).body)).toEqual({ DnsOverHttpsMode: "secure", DnsOverHttpsTemplates: URL });
    expect(roamingProfile("chrome", input).contentType).toBe("application/json");
  });
});

describe("roaming settings", () => {
  it.each([
    [{ host: "doh.school.test" }, true],
    [{ host: "DoH.School.test:8443", address: "2001:db8::53" }, true],
    [{ host: "doh.school.test", address: "192.0.2.300" }, false],
    [{ host: "doh.school.test/x" }, false],
    [{ host: "doh school.test" }, false],
  ])("%j → %s", (value, ok) => {
    expect(roamingSettingsSchema.safeParse(value).success).toBe(ok);
  });

  it("builds the template in lower case with the token as it is", () => {
    expect(dohUrl({ host: "DoH.School.test", address: null }, "fldoh_AbC")).toBe(
      "https://doh.school.test/dns-query/fldoh_AbC",
    );
  });
});
