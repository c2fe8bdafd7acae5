// The base of every SecureCall component: re-renders when the language changes.
import { LitElement } from 'lit';
import { locale } from '../i18n/locale.js';
import { SubscriptionController } from './subscription-controller.js';

/** A LitElement that re-renders whenever the language changes; styles via `withControls` (shared-styles.ts). */
export class ScElement extends LitElement {
  constructor() {
    super();
    new SubscriptionController(this, (listener) => locale.subscribe(listener));
  }
}
