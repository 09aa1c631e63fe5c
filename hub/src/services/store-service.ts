/**
 * The base of the services that act on the stores and stamp what they do with the time: the
 * clock is a dependency so that tests fix it.
 */
export abstract class StoreService<Stores> {
  protected readonly stores: Stores;
  protected readonly now: () => Date;

  constructor(stores: Stores, now: () => Date = () => new Date()) {
    this.stores = stores;
    this.now = now;
  }
}

/** A service's dependencies, the clock given or the system's. */
export type WithClock<Deps extends { now?: () => Date }> = Deps & { now: () => Date };

/** The base of the services given their dependencies as one object, the clock among them. */
export abstract class DepsService<Deps extends { now?: () => Date }> {
  protected readonly deps: WithClock<Deps>;

  constructor(deps: Deps) {
    this.deps = { ...deps, now: deps.now ?? (() => new Date()) };
  }
}
