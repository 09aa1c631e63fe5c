/** What the matcher knows of each list it was built from; a match names the list by index. */
export interface ListInfo {
  /** The source id from the manifest. */
  id: string;
  kind: "block" | "allow";
  /** The category a block list fills; null for allow lists. */
  category: string | null;
  /** Categories an allow list overrides ("*" = every unlocked one); empty for block lists. */
  allows: string[];
  /** Content hash of the list as loaded, so every decision names the exact list version. */
  version: string;
  /** Names accepted from the list. */
  entries: number;
  /**
   * A few of a block list's names, spread over it, for the filtering checks (the table keeps only
   * hashes). Never present for allow lists or for lists of a locked category, whose names are
   * confidential; absent in snapshots built before samples were kept.
   */
  samples?: string[];
}
