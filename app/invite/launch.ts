// What the page was opened for, taken from the fragment (and wiped from the address bar) by boot() in app/main.ts: an invite, or a new call (the manifest shortcut /#/new).
import { takeInviteFromLocation, type Invite } from './link.js';

/** The fragment of the "New call" route (the web app manifest's shortcut opens it). */
export const NEW_CALL_FRAGMENT = '#/new';

let launch: Invite | undefined;
let launchNewCall = false;

/** True when `location` is the "New call" route; the fragment is then removed from the address bar. */
export function takeNewCallFromLocation(location: Location, history: History): boolean {
  if (location.hash !== NEW_CALL_FRAGMENT) return false;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return true;
}

/** Takes the invite or the new-call route out of the address the page was opened with; called once, before the app shell exists. */
export function captureLaunchInvite(): void {
  launch = takeInviteFromLocation(window.location, window.history);
  launchNewCall = takeNewCallFromLocation(window.location, window.history);
}

/** The invite from the address the page was opened with, handed out once. */
export function takeLaunchInvite(): Invite | undefined {
  const invite = launch;
  launch = undefined;
  return invite;
}

/** Whether the page was opened to start a new call, answered true once. */
export function takeLaunchNewCall(): boolean {
  const newCall = launchNewCall;
  launchNewCall = false;
  return newCall;
}
