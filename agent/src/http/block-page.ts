import { html } from "hono/html";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";

/**
 * The page a browser shows when a blocked site's name led it here. It says, in plain language,
 * that the site was blocked, which category, and how to ask for a review. For locked (illegal)
 * categories it names the category only, never the list entry.
 */
export function blockPage(policy: CompiledPolicy, host: string, clientAddress: string) {
  const site = host.replace(/:\d+$/, "").toLowerCase();
  const lists = policy.lists;
  const explanation = lists.explain(site);
  const top = explanation.blocking.map((id) => lists.taxonomy.byId.get(id)).find(Boolean);
  const group = policy.groupFor(clientAddress).config.id;
  const reviewUrl = policy.blockPage.reviewUrl;
  const review = reviewUrl
    ? `${reviewUrl}${reviewUrl.includes("?") ? "&" : "?"}name=${encodeURIComponent(site)}&category=${encodeURIComponent(top?.id ?? "")}`
    : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Site blocked</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.6rem}.site{font-weight:600;word-break:break-all}.box{border-left:4px solid #b3261e;padding:.5rem 1rem;background:#fbf1f0}
a{color:#0b57d0}
</style>
</head>
<body>
<h1>This site has been blocked</h1>
<div class="box">
<p><span class="site">${site}</span> is blocked on this network${top ? html` because it is in the category <strong>${top.name}</strong>` : ""}.</p>
${top && !top.locked && explanation.categories[0] ? html`<p>It matched <code>${explanation.categories[0].rule}</code>.</p>` : ""}
</div>
<p>Your organisation filters the web to keep people safe, as the law and its e-safety policy require.</p>
${review ? html`<p>If you think this site should not be blocked, <a href="${review}">ask for it to be reviewed</a>.</p>` : html`<p>If you think this site should not be blocked, tell your teacher or the IT team.</p>`}
${policy.blockPage.reportUrl ? html`<p>Something online worried or upset you? <a href="${policy.blockPage.reportUrl}">Report a problem</a> to your school. It is not for emergencies: if you are in danger now, call 999; to talk to someone, call Childline on 0800 1111.</p>` : ""}
<p><small>Group: ${group}</small></p>
</body>
</html>`;
}
