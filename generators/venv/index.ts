// `yo modwsgi:venv`: the script that creates the virtualenv the .wsgi file expects.
// Runs on its own in an existing repository, or composed by `app`; its tasks are ModwsgiGenerator's.
import { ModwsgiGenerator } from '../_shared/base.js';

export default class VenvGenerator extends ModwsgiGenerator {
  protected readonly part = 'venv' as const;
}
