import type { Logger } from "pino";
import type { HubActions } from "../actions/index.ts";
import type { HubConfig } from "../config/hub-config.ts";
import { loadIncidentRules } from "../domain/incident-rules.ts";
import { loadResponseRules } from "../domain/response-rules.ts";
import { createHubActions, defaultHubSettings } from "../hub-app.ts";
import type { HubSettings } from "../hub-services.ts";
import type { HubStores } from "../store/open-stores.ts";

/** The hub's settings from its configuration file. */
export function hubSettingsFromConfig(config: HubConfig & { smtpPassword?: string }): HubSettings {
  const { schedule: _schedule, ...retention } = config.retention;
  return defaultHubSettings({
    rules: loadIncidentRules(config.incidentRules),
    responseRules: loadResponseRules(config.responseRules),
    fleet: config.fleet,
    auth: { ...config.auth, trustedProxies: config.trustedProxies },
    retention,
    smtp: config.smtp
      ? {
          host: config.smtp.host,
          port: config.smtp.port,
          secure: config.smtp.secure,
          from: config.smtp.from,
          ...(config.smtp.user ? { user: config.smtp.user } : {}),
          ...(config.smtpPassword ? { password: config.smtpPassword } : {}),
        }
      : null,
    publicUrl: config.publicUrl ?? `http://${config.listen}`,
    webhooks: config.alerts.webhooks,
    alertJobs: {
      sweepSeconds: config.alerts.sweepSeconds,
      digestAt: config.alerts.digestAt,
      agentOfflineAlertMinutes: config.alerts.agentOfflineAlertMinutes,
    },
    attachments: config.attachments,
    reports: {
      terms: config.reports.terms,
      pdfQueueLength: config.reports.pdfQueueLength,
      ...(config.reports.chromiumPath ? { chromiumPath: config.reports.chromiumPath } : {}),
    },
  });
}

/** The hub's actions over the stores, for the command line: no HTTP server, no jobs. */
export function hubActionsFromConfig(stores: HubStores, config: HubConfig, log: Logger): HubActions {
  return createHubActions({ stores, log, settings: hubSettingsFromConfig(config) }).actions;
}
