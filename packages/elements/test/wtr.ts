// Browser-side calls into @web/test-runner's built-in server commands (emulateMedia,
// sendKeys, sendMouse, setViewport), over the runner's own web socket. The package that
// normally wraps this is not hoisted into the workspace, and the protocol is one message.
const sessionId = new URL(location.href).searchParams.get('wtr-session-id');

export async function command<T>(command: string, payload: unknown): Promise<T> {
  const path = '/__web-dev-server__web-socket.js';
  const ws = (await import(/* @vite-ignore */ path)) as {
    sendMessageWaitForResponse(m: unknown): Promise<{ executed: boolean; result: T }>;
  };
  const response = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!response.executed) throw new Error(`test runner command ${command} is not available`);
  return response.result;
}

/**
 * Runs `run` with forced colours emulated, then turns them off. The runner's `emulate-media`
 * drops `forcedColors`; the `emulate-forced-colors` command of web-test-runner.config.mjs sends
 * the CDP call (and fails if it is missing).
 */
export async function forcedColors<T>(run: () => Promise<T>): Promise<T> {
  await command('emulate-forced-colors', 'active');
  try {
    return await run();
  } finally {
    await command('emulate-forced-colors', 'none');
  }
}

export const emulateMedia = (media: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference'; forcedColors?: 'active' | 'none' }) =>
  command('emulate-media', media);
export const setViewport = (viewport: { width: number; height: number }) => command('set-viewport', viewport);
export const sendKeys = (keys: { press: string } | { type: string } | { down: string } | { up: string }) =>
  command('send-keys', keys);
export type MouseButton = 'left' | 'middle' | 'right';
export const sendMouse = (
  m: { type: 'move'; position: [number, number] } | { type: 'down' | 'up'; button?: MouseButton; position?: [number, number] },
) => command('send-mouse', m);
export const resetMouse = () => command('reset-mouse', undefined);

/** Centre of an element in viewport pixels, for sendMouse. */
export function centre(el: Element): [number, number] {
  const r = el.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}
