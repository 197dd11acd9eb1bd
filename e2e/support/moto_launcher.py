"""
Starts moto's server (EC2, STS, S3, ...) for the e2e suite on 127.0.0.1 and a
port the OS picks, prints "MOTO_PORT <port>" once it listens, and exits when
the process that started it is gone (so a killed test run leaves no server).
"""
import os
import sys
import threading
import time

try:
    from moto.ec2.models.security_groups import SecurityGroupRule
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


def exit_with_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def main() -> None:
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"MOTO_PORT {server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
