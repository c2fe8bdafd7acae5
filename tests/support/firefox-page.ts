// A person in Firefox (tests/support/firefox.ts): DOM helpers installed in the page, and the UI steps of joining and using a call.
import { INSTRUMENT, waitFor } from './call-page.js';
import type { Firefox } from './firefox.js';

/**
 * Runs before the page's scripts: window.__scDom finds elements through the app's open shadow
 * roots by what a person reads (button text, field labels), as Playwright's locators do in
 * Chromium. Plain JavaScript text, so no transpiler helper leaks in.
 */
const DOM_HELPERS = `(() => {
  const deepAll = (root, selector, out) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(selector)) out.push(el);
      if (el.shadowRoot) deepAll(el.shadowRoot, selector, out);
    }
    return out;
  };
  const shownText = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE || node.getAttribute('aria-hidden') === 'true') return '';
    return [...node.childNodes].map(shownText).join('');
  };
  const nameOf = (el) => (el.getAttribute('aria-label') ?? shownText(el)).replace(/\\s+/g, ' ').trim();
  window.__scDom = {
    all: (selector) => deepAll(document, selector, []),
    // Exact name, or the name followed by a comma and more (the Chat button reads "Chat, 1 unread").
    button: (name) => {
      const enabled = deepAll(document, 'button', []).filter((b) => !b.disabled);
      return enabled.find((b) => nameOf(b) === name) ?? enabled.find((b) => nameOf(b).startsWith(name + ','));
    },
    field: (label) => {
      const byLabel = deepAll(document, 'label', []).find((l) => nameOf(l) === label);
      return byLabel?.control ?? deepAll(document, 'input,textarea', []).find((i) => i.getAttribute('aria-label') === label);
    },
  };
})();`;

/**
 * Installs the call instrumentation (window.__sc) and the DOM helpers in every secure page the tab
 * loads. Firefox also runs preload scripts in the blank documents it passes through, where
 * MediaDevices does not exist (it is secure-context only); the app is always in a secure one.
 */
export async function instrumentFirefox(fox: Firefox): Promise<void> {
  await fox.addInitScript(`if (window.isSecureContext) ${INSTRUMENT}`);
  await fox.addInitScript(DOM_HELPERS);
}

/** Clicks the button named `name` with the mouse, as a person would (a user gesture: the page may start audio after it). */
export async function foxClick(fox: Firefox, name: string): Promise<void> {
  await waitFor(`a "${name}" button in Firefox`, () => fox.evaluate((n) => window.__scDom.button(n) !== undefined, [name]));
  const { x, y } = await fox.evaluate((n) => {
    const button = window.__scDom.button(n)!;
    button.scrollIntoView({ block: 'center' });
    const box = button.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }, [name]);
  await fox.click(x, y);
}

/** Types `text` into the field labelled `label`, firing the input event a keyboard would. */
export async function foxFill(fox: Firefox, label: string, text: string): Promise<void> {
  await waitFor(`a field "${label}" in Firefox`, () => fox.evaluate((l) => window.__scDom.field(l) !== undefined, [label]));
  await fox.evaluate(
    (l, t) => {
      const field = window.__scDom.field(l)!;
      field.focus();
      field.value = t;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: t }));
    },
    [label, text],
  );
}

/** Opens an invite link, types a name, and clicks "Join call"; resolves once the call view shows. */
export async function foxJoinCall(fox: Firefox, link: string, name: string): Promise<void> {
  await fox.navigate(link);
  await foxFill(fox, 'Your name (optional)', name);
  await foxClick(fox, 'Join call');
  await waitFor('the call view in Firefox', () => fox.evaluate(() => window.__scDom.button('Leave') !== undefined, []), 30_000);
}

/** Sends a chat message through the chat panel (opening it if needed). */
export async function foxSendChat(fox: Firefox, text: string): Promise<void> {
  if (!(await fox.evaluate(() => window.__scDom.field('Message') !== undefined, []))) await foxClick(fox, 'Chat');
  await foxFill(fox, 'Message', text);
  await foxClick(fox, 'Send');
}

/** The chat texts shown (without the sender's name), opening the chat panel if needed. */
export async function foxChatTexts(fox: Firefox): Promise<string[]> {
  if (!(await fox.evaluate(() => window.__scDom.field('Message') !== undefined, []))) await foxClick(fox, 'Chat');
  return fox.evaluate(() => window.__scDom.all('[data-chat-text]').map((el) => (el.childNodes[el.childNodes.length - 1]?.textContent ?? '').trim()), []);
}

/** Per open connection in a page: its state, audio bytes each way, and the candidate types of the pair in use. */
export interface AudioFlow {
  state: string;
  bytesReceived: number;
  bytesSent: number;
  localType: string | undefined;
  remoteType: string | undefined;
}

/**
 * Runs in a page (Chromium via page.evaluate, Firefox via fox.evaluate): getStats of every open
 * connection. Chromium names the pair in use from its transport stats; Firefox has no transport
 * stats and marks that pair `selected` instead.
 */
export async function audioFlowInPage(): Promise<AudioFlow[]> {
  const pcs = window.__sc.pcs.filter((pc) => pc.connectionState !== 'closed');
  return Promise.all(
    pcs.map(async (pc) => {
      const report = await pc.getStats();
      const flow: AudioFlow = { state: pc.connectionState, bytesReceived: 0, bytesSent: 0, localType: undefined, remoteType: undefined };
      let pair: any;
      report.forEach((s: any) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') flow.bytesReceived += s.bytesReceived ?? 0;
        if (s.type === 'outbound-rtp' && s.kind === 'audio') flow.bytesSent += s.bytesSent ?? 0;
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
        if (s.type === 'candidate-pair' && s.selected === true) pair ??= s;
      });
      if (pair) {
        flow.localType = report.get(pair.localCandidateId)?.candidateType;
        flow.remoteType = report.get(pair.remoteCandidateId)?.candidateType;
      }
      return flow;
    }),
  );
}
