// The invite the page was opened with, taken from the fragment (and wiped from the address bar) at module load.
import { takeInviteFromLocation, type Invite } from './link.js';

let launch: Invite | undefined = takeInviteFromLocation(window.location, window.history);

/** The invite from the address the page was opened with, handed out once. */
export function takeLaunchInvite(): Invite | undefined {
  const invite = launch;
  launch = undefined;
  return invite;
}
