import { z } from "zod";
import { ACTION_STATUSES, ATTENDEE_ROLES } from "../store/annual-review-store.ts";

const day = z.iso.date();

export const attendeeInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** In which capacity: senior leadership, the DSL, ICT, or the responsible governor. */
  role: z.enum(ATTENDEE_ROLES),
});

/** The record's editable part: the meeting, who attended, what was decided. */
export const reviewFieldsInput = z.strictObject({
  meetingOn: day.nullable().default(null),
  attendees: z.array(attendeeInput).max(40).default([]),
  decisions: z.string().max(20_000).default(""),
});

export const reviewCreateInput = reviewFieldsInput.extend({
  /** The year of the review: the record for a site and year is one. */
  year: z.number().int().min(2000).max(2100),
});

/** Attaching the archived annual review report the meeting reviewed. */
export const attachReportInput = z.strictObject({ reportId: z.number().int().positive() });

export const actionInput = z.strictObject({
  what: z.string().trim().min(1).max(2000),
  owner: z.string().trim().min(1).max(200),
  dueOn: day.nullable().default(null),
  status: z.enum(ACTION_STATUSES).default("open"),
});
