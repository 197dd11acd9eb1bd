"""
Starts moto's server (EC2, STS, S3, ...) on 127.0.0.1 only, with the quirks
the e2e suite depends on patched, prints "MOTO_PORT <port>" once it listens,
and exits when the process that started it is gone (so a killed test run
leaves no server) or on SIGINT/SIGTERM.

  python3 moto_launcher.py             the e2e suite: a port the OS picks
  python3 moto_launcher.py --port P    `npm run emulator -- --port P`: port P,
                                       with the variables to export printed
"""
import os
import signal
import sys
import threading
import time

try:
    from moto.ec2.exceptions import InvalidSecurityGroupRuleIdNotFoundError
    from moto.ec2.models.security_groups import SecurityGroupBackend, SecurityGroupRule
    from moto.server import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server
except ImportError as e:  # the Node side turns exit 3 into install advice
    sys.stderr.write(f"moto with its server extras is not importable: {e}\n")
    sys.exit(3)

# moto 5.2.1 bug: DescribeSecurityGroupRules leaves out the description of a
# rule that references a group (DescribeSecurityGroups has it, in source_group),
# so Terraform sees a description change after every apply. Remove this line
# once moto reads it from source_group itself.
SecurityGroupRule.description = property(lambda self: self.ip_range.get("Description", self.source_group.get("Description")))


# moto 5.2.1 answers a revoke by rule id that names no rule of the group with
# InvalidPermission.NotFound; AWS answers InvalidSecurityGroupRuleId.NotFound,
# which the provider takes, when deleting, as the rule being gone already (a
# retried request whose first attempt went through). With moto's code the
# provider fails the destroy instead (seen once in CI on a loaded machine).
def aws_not_found_code(revoke, rules_of):
    def patched(self, group_name_or_id, *args, security_rule_ids=None, vpc_id=None, **kwargs):
        if security_rule_ids:
            group = self.get_security_group_by_name_or_id(group_name_or_id, vpc_id)
            known = {rule.id for rule in rules_of(group)} if group is not None else set()
            for rule_id in security_rule_ids:
                if group is not None and rule_id not in known:
                    raise InvalidSecurityGroupRuleIdNotFoundError(rule_id)
        return revoke(self, group_name_or_id, *args, security_rule_ids=security_rule_ids, vpc_id=vpc_id, **kwargs)

    return patched


SecurityGroupBackend.revoke_security_group_ingress = aws_not_found_code(SecurityGroupBackend.revoke_security_group_ingress, lambda g: g.ingress_rules)
SecurityGroupBackend.revoke_security_group_egress = aws_not_found_code(SecurityGroupBackend.revoke_security_group_egress, lambda g: g.egress_rules)


def serialized(app):
    """
    One request at a time. moto's backends are not thread-safe: two revokes of
    rules of one group at once each write back the group's rule list as they
    read it, so one rule can come back, and a lookup can iterate a dict that
    another request changes. Terraform sends ten requests at once; on a loaded
    machine they interleave. The response is read whole inside the lock.
    """
    lock = threading.Lock()

    def handle(environ, start_response):
        with lock:
            return list(app(environ, start_response))

    return handle


def exit_with_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def port_argument(argv: list) -> int:
    if not argv:
        return 0
    if len(argv) == 2 and argv[0] == "--port" and argv[1].isdigit() and 1 <= int(argv[1]) <= 65535:
        return int(argv[1])
    sys.stderr.write(f"usage: npm run emulator -- --port <1-65535> (got: {' '.join(argv)})\n")
    sys.exit(2)


def main() -> None:
    port = port_argument(sys.argv[1:])
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    app = serialized(DomainDispatcherApplication(create_backend_app))
    try:
        server = make_server("127.0.0.1", port, app, threaded=True)
    except OSError as e:
        sys.stderr.write(f"cannot listen on 127.0.0.1:{port}: {e.strerror}. Pick another port: npm run emulator -- --port <port>\n")
        sys.exit(4)
    # SIGTERM (a pid kill) ends the server as Ctrl-C does, without a traceback.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    print(f"MOTO_PORT {server.port}", flush=True)
    if port:
        endpoint = f"http://127.0.0.1:{server.port}"
        print(
            f"AWS emulator (moto {moto_version()}, patched to answer as AWS: group-rule descriptions, unknown rule ids) on {endpoint}; Ctrl-C stops it.\n"
            "In another shell:\n"
            f"  export AWS_ENDPOINT_URL={endpoint} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true",
            flush=True,
        )
    server.serve_forever()


def moto_version() -> str:
    import moto

    return moto.__version__


if __name__ == "__main__":
    main()
