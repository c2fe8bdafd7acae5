// Invite links shared to the installed app (Web Share Target, web+securecall:) turned into the join route.

/**
 * Where shared text arrives, in the fragment so that no request line carries it: the service
 * worker redirects a POST to /share-target here, and the protocol handler's URL is this route
 * (see vite.config.ts).
 */
export const SHARE_ROUTE = '#/share?';

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
 * On the share route ("/#/share?url=…", where the service worker and the protocol handler put a
 * shared link): rewrites the address to the invite's own form ("/#/join/…") so the app's router
 * opens the join screen, and leaves no shared text in the history entry.
 */
export function acceptSharedInvite(): void {
  const { hash, origin } = window.location;
  if (!hash.startsWith(SHARE_ROUTE)) return;
  const route = inviteRouteFromShare(hash.slice(SHARE_ROUTE.length), origin);
  window.history.replaceState(null, '', route ? `/#${route}` : '/');
}
