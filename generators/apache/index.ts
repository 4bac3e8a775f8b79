// `yo modwsgi:apache`: the Apache vhost and one install script per platform.
// Runs on its own in an existing repository, or composed by `app`; its tasks are ModwsgiGenerator's.
import { ModwsgiGenerator } from '../_shared/base.js';

export default class ApacheGenerator extends ModwsgiGenerator {
  protected readonly part = 'apache' as const;
}
