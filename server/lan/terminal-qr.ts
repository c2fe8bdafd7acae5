// A QR code of a URL (the LAN link: address and certificate fingerprint) drawn with block characters, for a phone camera to scan off a terminal.
import QRCode from 'qrcode';

/** The QR code of `url` as terminal text (half-height blocks, so it fits a small window). */
export function terminalQr(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
