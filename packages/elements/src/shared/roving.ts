/**
 * Where a roving-tabindex group's focus goes for a key, or undefined when the key does not
 * move it. Left/Right follow the writing direction (reversed when `rtl`), Up/Down do not;
 * Home/End go to the ends; no wrap-around (a rating's ends are meaningful: 10 → 0 would be a
 * surprise), so moves past an end stay at the end.
 */
export function moveIndex(current: number, key: string, last: number, rtl: boolean): number | undefined {
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = current + (rtl ? -1 : 1);
      break;
    case 'ArrowLeft':
      next = current + (rtl ? 1 : -1);
      break;
    case 'ArrowDown':
      next = current + 1;
      break;
    case 'ArrowUp':
      next = current - 1;
      break;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
  return Math.max(0, Math.min(last, next));
}
