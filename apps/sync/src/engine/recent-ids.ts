/** Remembers the last `size` ids so an item repeated by a shifting list page is processed once. */
export class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly size: number) {}
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.size) this.#ids.delete(this.#ids.values().next().value as string);
    return true;
  }
}
