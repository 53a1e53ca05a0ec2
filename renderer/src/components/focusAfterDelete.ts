/**
 * Where focus goes when an item leaves a list that stays on screen. The deleted item's controls are about to
 * unmount, and browsers then drop focus to <body>, so a keyboard or screen-reader user would be thrown back to the
 * top of the page. Focus goes to the same control on the next item (the previous one when the last was deleted),
 * else to the fallback (the list's heading or its "add" control).
 *
 * Call it as soon as the delete has succeeded, before the list reloads: the neighbours are keyed by id, so the
 * element found now is the one still shown after the reload.
 */
export function focusAfterDelete<T>(
  items: readonly T[],
  removedIndex: number,
  control: (item: T) => HTMLElement | null | undefined,
  fallback: () => HTMLElement | null | undefined,
): void {
  const neighbour = items[removedIndex + 1] ?? items[removedIndex - 1];
  const target = (neighbour !== undefined ? control(neighbour) : undefined) ?? fallback();
  target?.focus();
}
