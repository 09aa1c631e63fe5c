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

/** The years a review can be recorded for. */
export const REVIEW_YEARS = { min: 2000, max: 2100 } as const;

/** Whether `year` is one a review can be recorded for (a year in an address may be anything). */
export function isReviewYear(year: number): boolean {
  return Number.isInteger(year) && year >= REVIEW_YEARS.min && year <= REVIEW_YEARS.max;
}

export const reviewCreateInput = reviewFieldsInput.extend({
  /** The year of the review: the record for a site and year is one. */
  year: z.number().int().min(REVIEW_YEARS.min).max(REVIEW_YEARS.max),
});

/** Attaching the archived annual review report the meeting reviewed. */
export const attachReportInput = z.strictObject({ reportId: z.number().int().positive() });

export const actionInput = z.strictObject({
  what: z.string().trim().min(1).max(2000),
  owner: z.string().trim().min(1).max(200),
  dueOn: day.nullable().default(null),
  status: z.enum(ACTION_STATUSES).default("open"),
});
