// The invite the page was opened with, taken from the fragment (and wiped from the address bar) by boot() in app/main.ts.
import { takeInviteFromLocation, type Invite } from './link.js';

let launch: Invite | undefined;

/** Takes the invite out of the address the page was opened with; called once, before the app shell exists. */
export function captureLaunchInvite(): void {
  launch = takeInviteFromLocation(window.location, window.history);
}

/** The invite from the address the page was opened with, handed out once. */
export function takeLaunchInvite(): Invite | undefined {
  const invite = launch;
  launch = undefined;
  return invite;
}
