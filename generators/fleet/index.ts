// `yo modwsgi:fleet`: deploy/ansible/, an Ansible playbook that runs the install scripts on many servers, a few at a time.
// Runs in a project that has the install scripts (modwsgi or modwsgi apache); app does not compose it, one server needs none of it.
import { ModwsgiGenerator } from '../_shared/base.js';

export default class FleetGenerator extends ModwsgiGenerator {
  protected readonly part = 'fleet' as const;
}
