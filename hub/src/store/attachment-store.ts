import type { AttachmentFiles } from "./attachment-files.ts";
import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

export interface AttachmentRow {
  id: number;
  incidentId: number;
  sha256: string;
  size: number;
  /** The type the content was recognised as (domain/attachment-types.ts). */
  mediaType: string;
  /** The uploader's file name, made safe. */
  name: string;
  uploadedBy: string;
  uploadedAt: string;
}

const COLUMNS = `id, incident_id AS "incidentId", sha256, size, media_type AS "mediaType", name,
  uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

const prepareStatements = (db: HubDatabase) => ({
  insert: db.prepare(
    `INSERT INTO attachments (incident_id, sha256, size, media_type, name, uploaded_by, uploaded_at)
     VALUES (@incidentId, @sha256, @size, @mediaType, @name, @uploadedBy, @uploadedAt) RETURNING id`,
  ),
  forIncident: db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE incident_id = ? ORDER BY id`),
  find: db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE incident_id = ? AND sha256 = ?`),
  referenced: db.prepare("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1").pluck(),
});

/** Files attached to incidents: a row per attachment, the content itself in the content-addressed folder. */
export class AttachmentStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  private readonly files: AttachmentFiles;

  constructor(db: HubDatabase, files: AttachmentFiles) {
    super(db, prepareStatements);
    this.files = files;
  }

  /**
   * Records the attachment and stores its content. Call inside the unit of work that adds its
   * record entry: a file that cannot be written undoes the row.
   */
  add(row: Omit<AttachmentRow, "id">, bytes: Uint8Array): number {
    const id = Number(this.statements.insert.run(row).lastInsertRowid);
    this.files.write(row.sha256, bytes);
    return id;
  }

  forIncident(incidentId: number): AttachmentRow[] {
    return this.statements.forIncident.all(incidentId) as AttachmentRow[];
  }

  find(incidentId: number, sha256: string): AttachmentRow | undefined {
    return this.statements.find.get(incidentId, sha256) as AttachmentRow | undefined;
  }

  /** The stored content of an attachment, checked against its hash; null when missing or changed. */
  content(sha256: string): Buffer | null {
    return this.files.read(sha256);
  }

  /**
   * Removes the stored files no attachment names any more (their incidents were deleted by
   * retention). Files written after `writtenBefore` stay: an upload may be between writing its
   * file and committing its row.
   */
  removeUnreferenced(writtenBefore: Date): number {
    let removed = 0;
    for (const file of this.files.list()) {
      if (file.writtenAt >= writtenBefore.getTime() || this.statements.referenced.get(file.sha256)) continue;
      this.files.remove(file.sha256);
      removed++;
    }
    return removed;
  }
}
