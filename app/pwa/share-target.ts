// Invite links shared to the installed app (Web Share Target, web+securecall:) turned into the join route.

/** The manifest's share_target action and protocol handler target (see vite.config.ts). */
export const SHARE_TARGET_PATH = '/share-target';

/** The invite route an invite link carries in its fragment, without the leading "#". */
const JOIN_ROUTE = /#(\/join\/[A-Za-z0-9._~-]{1,512})$/;

/** Longest shared text searched for a link, in characters. */
const MAX_SHARED_TEXT_CHARS = 4096;

/** The join route in one candidate: an invite URL of this origin or a web+securecall: link. */
function joinRouteOf(candidate: string, origin: string): string | undefined {
  const custom = /^web\+securecall:(?:\/\/)?(join\/[A-Za-z0-9._~-]{1,512})$/i.exec(candidate);
  if (custom) return `/${custom[1]}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    // Expected: shared text that is not a URL.
    return undefined;
  }
  // An invite belongs to the server that minted it; another origin's room does not exist here.
  if (url.origin !== origin) return undefined;
  return JOIN_ROUTE.exec(url.hash)?.[1];
}

/**
 * The join route ("/join/ROOM.TOKEN.SECRET") found in a share's `url` or `text` parameter, or
 * undefined when nothing shared is an invite of `origin`.
 */
export function inviteRouteFromShare(search: string, origin: string): string | undefined {
  const params = new URLSearchParams(search);
  for (const name of ['url', 'text']) {
    const value = params.get(name)?.slice(0, MAX_SHARED_TEXT_CHARS);
    if (!value) continue;
    for (const word of value.split(/\s+/)) {
      const route = joinRouteOf(word, origin);
      if (route) return route;
    }
  }
  return undefined;
}

/**
 * On the share target page: rewrites the address to the invite's own form ("/#/join/…") so the
 * app's router opens the join screen, and wipes the query so the secret leaves the history entry.
 */
export function acceptSharedInvite(): void {
  if (window.location.pathname !== SHARE_TARGET_PATH) return;
  const route = inviteRouteFromShare(window.location.search, window.location.origin);
  window.history.replaceState(null, '', route ? `/#${route}` : '/');
}
