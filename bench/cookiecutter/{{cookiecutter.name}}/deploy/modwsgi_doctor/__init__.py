"""deploy/doctor's checks: standard library only, run on the server by deploy/doctor.

cli: arguments and exit codes; model: what a check sees and returns; system: accounts,
permissions, commands; apache: apachectl and its config; checks: the checks in order;
signatures: known error-log lines; report: plain, coloured and JSON output.
"""
