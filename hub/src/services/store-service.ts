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
