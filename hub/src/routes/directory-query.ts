import { z } from "zod";

/** The query of a people or devices list: text search, year group, paging. */
export const directoryQuery = z.object({
  q: z.string().max(100).optional(),
  yearGroup: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/**
 * The largest import body read: the 5 MB file (services/csv-table.ts refuses more, as 413) as a
 * JSON string, whose quotes and line breaks are escaped, with room for the mapping.
 */
export const IMPORT_MAX_BODY = 8 * 1024 * 1024;
