import { build } from "plist";

export const PROFILE_FORMATS = ["apple", "windows", "chrome"] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

/** What a profile is built from: the device's DoH template, the agent's address, names for people. */
export interface ProfileInput {
  /** `https://<roaming host>/dns-query/<token>`. */
  url: string;
  /** The roaming agent's public address, for Windows (null when the site has not set one). */
  address: string | null;
  siteName: string;
  deviceLabel: string;
  /** Fresh random UUIDs for the Apple profile and its payload. */
  uuids: { profile: string; payload: string };
}

export interface ProfileFile {
  filename: string;
  contentType: string;
  body: string;
}

const DISPLAY_NAME = "Fenceline filtering";

/**
 * An Apple configuration profile (`.mobileconfig`, an XML property list built by the plist
 * library, which escapes every string) with one DNS Settings payload: DNS over HTTPS to the URL.
 */
export function appleProfile(input: ProfileInput): ProfileFile {
  const payload = {
    DNSSettings: { DNSProtocol: "HTTPS", ServerURL: input.url },
    PayloadDisplayName: DISPLAY_NAME,
    PayloadIdentifier: `org.fenceline.dns.${input.uuids.payload}`,
    PayloadType: "com.apple.dnsSettings.managed",
    PayloadUUID: input.uuids.payload,
    PayloadVersion: 1,
  };
  const profile = {
    PayloadContent: [payload],
    PayloadDescription: `Filters this device's look-ups through ${input.siteName}'s Fenceline agent, on site and off (${input.deviceLabel}).`,
    PayloadDisplayName: DISPLAY_NAME,
    PayloadIdentifier: `org.fenceline.roaming.${input.uuids.profile}`,
    PayloadOrganization: input.siteName,
    PayloadRemovalDisallowed: false,
    PayloadType: "Configuration",
    PayloadUUID: input.uuids.profile,
    PayloadVersion: 1,
  };
  return {
    filename: "fenceline-filtering.mobileconfig",
    contentType: "application/x-apple-aspen-config",
    body: build(profile),
  };
}

/** A PowerShell string literal: single quotes, which PowerShell doubles to escape. */
const ps = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Windows 11's DNS over HTTPS: the template registered for the agent's address, with no fallback to
 * plain DNS, and that address set as the adapters' resolver; the notes say how to deploy it.
 */
export function windowsScript(input: ProfileInput): ProfileFile {
  if (!input.address) throw new Error("the Windows profile needs the roaming agent's address");
  const lines = [
    `# ${DISPLAY_NAME} for ${input.deviceLabel.replaceAll(/[\r\n]/g, " ")} (${input.siteName.replaceAll(/[\r\n]/g, " ")})`,
    "# DNS over HTTPS to the site's Fenceline agent, on site and off. Run as an administrator, or",
    "# deploy as below. Windows 11 (or Windows Server 2022) is needed for DNS over HTTPS.",
    "#",
    "# Intune: Devices > Scripts and remediations > Platform scripts > Add (Windows 10 and later),",
    "#   upload this file, run it in 64-bit PowerShell with the system's credentials (not the user's),",
    "#   assign it to the device's group. Intune runs a platform script once per device.",
    "# Group policy: Computer Configuration > Policies > Windows Settings > Scripts > Startup >",
    "#   PowerShell Scripts; and set Computer Configuration > Administrative Templates > Network >",
    "#   DNS Client > Configure DNS over HTTPS (DoH) name resolution to 'Require DoH'.",
    "# The token in the URL identifies this device: deploy it to this device only.",
    "",
    "$ErrorActionPreference = 'Stop'",
    `$server = ${ps(input.address)}`,
    `$template = ${ps(input.url)}`,
    "Get-DnsClientDohServerAddress -ServerAddress $server -ErrorAction SilentlyContinue | Remove-DnsClientDohServerAddress",
    "Add-DnsClientDohServerAddress -ServerAddress $server -DohTemplate $template -AllowFallbackToUdp $False -AutoUpgrade $True",
    "Get-NetAdapter -Physical | Where-Object Status -eq 'Up' | Set-DnsClientServerAddress -ServerAddresses $server",
    "",
  ];
  return { filename: "fenceline-filtering.ps1", contentType: "text/plain; charset=utf-8", body: lines.join("\r\n") };
}

/** Chrome's (and ChromeOS's) managed policy: DNS over HTTPS to the template only, never plain DNS. */
export function chromePolicy(input: ProfileInput): ProfileFile {
  const policy = { DnsOverHttpsMode: "secure", DnsOverHttpsTemplates: input.url };
  return {
    filename: "fenceline-filtering-chrome.json",
    contentType: "application/json",
    body: `${JSON.stringify(policy, null, 2)}\n`,
  };
}

/** The profile of one format. */
export function roamingProfile(format: ProfileFormat, input: ProfileInput): ProfileFile {
  if (format === "apple") return appleProfile(input);
  if (format === "windows") return windowsScript(input);
  return chromePolicy(input);
}
