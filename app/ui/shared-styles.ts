// Styles shared by the SecureCall components: buttons, fields, focus rings, dialog forms, panels.
import { css, type CSSResult, type CSSResultGroup } from 'lit';

/** Buttons, inputs and focus rings in the app's look. */
export const controlStyles = css`
  button {
    font: inherit;
    padding: 0.6rem 1rem;
    border-radius: var(--sc-radius);
    border: 1px solid var(--sc-muted);
    background: var(--sc-surface);
    color: var(--sc-text);
    cursor: pointer;
    min-height: 2.75rem;
  }
  button.primary {
    background: var(--sc-accent);
    border-color: var(--sc-accent);
    color: #052e16;
    font-weight: 600;
  }
  button.danger {
    background: var(--sc-danger-strong);
    border-color: var(--sc-danger-strong);
    color: #fff;
    font-weight: 600;
  }
  button[aria-pressed='true'] {
    border-color: var(--sc-warn);
    color: var(--sc-warn);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  input[type='text'],
  input[type='password'],
  input:not([type]),
  select,
  textarea {
    font: inherit;
    background: var(--sc-bg);
    color: var(--sc-text);
    border: 1px solid var(--sc-muted);
    border-radius: 8px;
    padding: 0.5rem 0.6rem;
    min-height: 2.5rem;
    box-sizing: border-box;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  summary:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--sc-warn);
    outline-offset: 2px;
  }
  .muted {
    color: var(--sc-muted);
  }
  .warning {
    color: var(--sc-warn);
  }
  .danger-text {
    color: var(--sc-danger);
  }
  meter {
    width: 100%;
    height: 0.75rem;
  }
  h2 {
    font-size: 1.2rem;
    margin: 0 0 0.5rem;
  }
  form.dialog {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    width: min(28rem, 100%);
    margin: 0 auto;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** A component's styles after the shared controls, so its own rules win. */
export function withControls(own: CSSResult): CSSResultGroup {
  return [controlStyles, own];
}
