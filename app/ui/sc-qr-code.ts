// Renders any text as a QR code image (qrcode loaded on first use, so the first screen stays small).
import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ScElement } from './sc-element.js';

/** Pixels per side of the generated image; CSS scales it to the layout. */
const QR_IMAGE_PX = 512;
/** White border in modules: the QR spec's quiet zone, which scanners need. */
const QR_QUIET_ZONE_MODULES = 4;

@customElement('sc-qr-code')
export class ScQrCode extends ScElement {
  static override styles = css`
    :host {
      display: inline-block;
      width: min(18rem, 80vw);
      background: #fff;
      border-radius: 8px;
    }
    img {
      display: block;
      width: 100%;
      height: auto;
      image-rendering: pixelated;
    }
  `;

  /** The text to encode. */
  @property() text = '';
  /** What the image is, for screen readers (the alt text). */
  @property() label = '';

  @state() private dataUrl = '';
  private generation = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('text')) void this.draw(this.text);
  }

  override render() {
    if (this.dataUrl === '') return nothing;
    return html`<img src=${this.dataUrl} alt=${this.label} width=${QR_IMAGE_PX} height=${QR_IMAGE_PX} />`;
  }

  private async draw(text: string): Promise<void> {
    const generation = ++this.generation;
    if (text === '') {
      this.dataUrl = '';
      return;
    }
    const { toDataURL } = await import('qrcode');
    const url = await toDataURL(text, {
      errorCorrectionLevel: 'M',
      margin: QR_QUIET_ZONE_MODULES,
      width: QR_IMAGE_PX,
      color: { dark: '#000000ff', light: '#ffffffff' },
    });
    // A newer text may have been set while this one was drawing.
    if (generation === this.generation) this.dataUrl = url;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-qr-code': ScQrCode;
  }
}
