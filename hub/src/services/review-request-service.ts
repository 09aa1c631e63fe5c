import type { SitePolicy } from "@fenceline/shared/policy";
import { formatLocalTime } from "../domain/local-time.ts";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { NewReviewRequest, ReviewRequest } from "../store/review-request-store.ts";
import type { PolicyService } from "./policy-service.ts";

/** How every change-log row of a request begins. */
export const REVIEW_CHANGE = "review request #";

/** Who the hub records as lifting an approval that reached its end. */
export const REVIEW_ENDED_BY = "system (review window ended)";

/** The scope that means every group of the site. */
export const WHOLE_SITE = "site";

export interface ReviewApproval {
  scope: string;
  until: string;
  reason: string;
}

export interface ReviewRequestServiceDeps {
  stores: HubStores;
  policies: PolicyService;
  now?: () => Date;
}

/**
 * Review requests and what their decisions do to the policy: an approval adds the name to the
 * allow (unblock) or block list of one group or every group, as a new policy version whose reason
 * names the request and the approver; at its end the sweep takes it out again, as another
 * version. Agents get both at their next policy poll.
 */
export class ReviewRequestService {
  private readonly deps: Required<ReviewRequestServiceDeps>;

  constructor(deps: ReviewRequestServiceDeps) {
    this.deps = { now: () => new Date(), ...deps };
  }

  submit(request: Omit<NewReviewRequest, "requestedAt">): ReviewRequest {
    const id = this.deps.stores.reviewRequests.insert({ ...request, requestedAt: this.deps.now().toISOString() });
    return this.existing(id);
  }

  get(id: number): ReviewRequest | undefined {
    return this.deps.stores.reviewRequests.get(id);
  }

  approve(id: number, approval: ReviewApproval, by: string): ReviewRequest {
    const { stores, policies } = this.deps;
    const request = this.pending(id);
    const at = this.deps.now().toISOString();
    if (approval.until <= at) throw new HubError("invalid-request", "the approval's end is in the past");
    const held = policies.current(request.siteId);
    if (!held) throw new HubError("conflict", "the hub holds no policy for this site yet; set one first");
    const list = listOf(request);
    const groups = groupsIn(held.policy as SitePolicy, approval.scope);
    const addedTo = groups.filter((g) => !g[list].includes(request.name)).map((g) => g.id);
    let policy = held.policy as SitePolicy;
    for (const group of addedTo)
      policy = policies.withListEdit(policy, { group, list, add: [request.name], remove: [] });
    const until = formatLocalTime(approval.until, policies.timeZone(request.siteId));
    const what = `${list === "allow" ? "allow" : "block"} ${request.name} for ${scopeText(approval.scope)} until ${until}`;
    return stores.transaction(() => {
      const { version } = policies.save(request.siteId, policy, by, `${REVIEW_CHANGE}${id} approved by ${by}: ${what}`);
      stores.reviewRequests.decide(id, {
        ...{ status: "approved", decidedBy: by, decidedAt: at, decisionReason: approval.reason },
        ...{ scope: approval.scope, until: approval.until, policyVersion: version, addedTo },
      });
      return this.existing(id);
    });
  }

  refuse(id: number, reason: string, by: string): ReviewRequest {
    this.pending(id);
    const at = this.deps.now().toISOString();
    this.deps.stores.reviewRequests.decide(id, {
      ...{ status: "refused", decidedBy: by, decidedAt: at, decisionReason: reason },
      ...{ scope: null, until: null, policyVersion: null, addedTo: [] },
    });
    return this.existing(id);
  }

  /** Takes every approval past its end out of the policy, once each: the sweep. Returns how many. */
  liftEnded(): number {
    const { stores } = this.deps;
    const due = stores.reviewRequests.due(this.deps.now().toISOString());
    for (const request of due) stores.transaction(() => this.lift(request));
    return due.length;
  }

  private lift(request: ReviewRequest): void {
    const { stores, policies } = this.deps;
    const at = this.deps.now().toISOString();
    const held = policies.current(request.siteId);
    const list = listOf(request);
    const reason = `${REVIEW_CHANGE}${request.id}: ${list} of ${request.name} for ${scopeText(request.scope ?? WHOLE_SITE)} ended`;
    let policy = held?.policy as SitePolicy | undefined;
    const groups = policy ? request.addedTo.filter((id) => policy?.groups.some((g) => g.id === id)) : [];
    if (!policy || groups.length === 0) {
      policies.noteChange(request.siteId, REVIEW_ENDED_BY, reason);
      stores.reviewRequests.lift(request.id, at, null);
      return;
    }
    for (const group of groups)
      policy = policies.withListEdit(policy, { group, list, add: [], remove: [request.name] });
    const { version } = policies.save(request.siteId, policy, REVIEW_ENDED_BY, reason);
    stores.reviewRequests.lift(request.id, at, version);
  }

  private pending(id: number): ReviewRequest {
    const request = this.existing(id);
    if (request.status !== "pending") throw new HubError("conflict", `request #${id} was ${request.status} already`);
    return request;
  }

  private existing(id: number): ReviewRequest {
    const request = this.deps.stores.reviewRequests.get(id);
    if (!request) throw new HubError("not-found", `no review request ${id}`);
    return request;
  }
}

const listOf = (request: ReviewRequest): "allow" | "block" => (request.kind === "unblock" ? "allow" : "block");

const scopeText = (scope: string) => (scope === WHOLE_SITE ? "the whole site" : `group ${scope}`);

function groupsIn(policy: SitePolicy, scope: string): SitePolicy["groups"] {
  if (scope === WHOLE_SITE) return policy.groups;
  const group = policy.groups.find((g) => g.id === scope);
  if (!group) throw new HubError("invalid-request", `no group "${scope}" in the site's policy`);
  return [group];
}
