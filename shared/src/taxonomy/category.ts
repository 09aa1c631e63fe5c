import { z } from "zod";
import { SEVERITIES_MOST_SEVERE_FIRST } from "./severity.ts";

/** What a group's policy does with a category: block it, let it through but flag it, or ignore it. */
export const CATEGORY_ACTIONS = ["block", "monitor", "allow"] as const;
export type CategoryAction = (typeof CATEGORY_ACTIONS)[number];

/** The kinds of client group every site has by default. */
export const GROUP_KINDS = ["student", "staff", "guest"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/**
 * The UK Safer Internet Centre "appropriate filtering" headings a category answers to; null for
 * categories a school blocks by its own policy choice (social networks, games, ...).
 */
const UKSIC_HEADINGS = [
  "illegal-child-abuse",
  "illegal-terrorism",
  "discrimination",
  "drugs-substance-abuse",
  "extremism",
  "gambling",
  "malware-hacking",
  "mis-disinformation",
  "piracy-copyright",
  "pornography",
  "self-harm",
  "violence",
] as const;

/** What the event stream calls a block in this category: content, or a way round the filter. */
const CATEGORY_CLASSES = ["content", "circumvention", "security", "policy"] as const;

export const categorySchema = z
  .object({
    /** Stable kebab-case id used in policies, events and reports. */
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, "a kebab-case id of 2 to 40 characters"),
    name: z.string().min(1),
    /** One line, in plain language, of what belongs here. */
    definition: z.string().min(10),
    uksic: z.enum(UKSIC_HEADINGS).nullable(),
    class: z.enum(CATEGORY_CLASSES),
    severity: z.enum(SEVERITIES_MOST_SEVERE_FIRST),
    /** Default action per group kind; sites change these per group. */
    actions: z.strictObject({
      student: z.enum(CATEGORY_ACTIONS),
      staff: z.enum(CATEGORY_ACTIONS),
      guest: z.enum(CATEGORY_ACTIONS),
    }),
    /** Illegal content: blocked for everyone; no allow entry or policy, an admin's included, overrides it. */
    locked: z.boolean().default(false),
  })
  .strict();

export type Category = z.infer<typeof categorySchema>;
