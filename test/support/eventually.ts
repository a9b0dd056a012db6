/** Resolves once `check` holds, polling every `everyMs`; rejects after `timeoutMs` naming `what` was awaited. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  everyMs = 25,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
