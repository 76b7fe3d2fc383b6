/** Polls `ok` every 20 ms until it holds; fails after `ms`. Browser tests only. */
export async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${ok}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
