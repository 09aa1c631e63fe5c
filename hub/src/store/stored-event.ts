/** A flagged lookup as the hub stores it (its own file so the stores that read events need not import the composed store). */
export interface StoredEvent {
  id: string;
  siteId: string;
  agentId: string;
  time: string;
  clientAddress: string;
  group: string;
  hostname: string | null;
  mac: string | null;
  name: string;
  qtype: number;
  outcome: string;
  categories: string[];
  monitored: string[];
  list: string | null;
  listVersion: string | null;
  rule: string | null;
  locked: boolean;
}
