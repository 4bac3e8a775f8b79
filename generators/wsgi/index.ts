// `yo modwsgi:wsgi`: the .wsgi entry point mod_wsgi loads, fitted to the app.
// Runs on its own in an existing repository, or composed by `app`; its tasks are ModwsgiGenerator's.
import { ModwsgiGenerator } from '../_shared/base.js';

export default class WsgiGenerator extends ModwsgiGenerator {
  protected readonly part = 'wsgi' as const;
}
