// Peer: Formbricks, the npm package `@formbricks/js` — a loader only.
//   import formbricks from '@formbricks/js'
// `setup` injects a <script> for `${appUrl}/js/formbricks.umd.cjs` from the Formbricks app
// (cloud or self-hosted) and forwards every call to it; that script renders the surveys and
// submits responses. The NPS survey is defined in the Formbricks app and shown when the
// action tracked below matches its trigger. The figure is therefore the loader only: the
// code that actually shows the question is fetched at run time, is not published on npm
// (there is no @formbricks/js-core package to install), and cannot be measured by the same
// command. A strict-CSP page must allow the app's host in script-src (the loader exposes
// `setNonce` for the inline styles it injects).
import formbricks from '@formbricks/js';

await formbricks.setup({ workspaceId: 'bench-workspace', appUrl: 'https://app.formbricks.example' });
await formbricks.track('checkout-complete');
